// cut_list: see list_cut.hpp.
#include "util/list_cut.hpp"

namespace vsf {

std::string cut_list(const std::vector<std::string>& items, size_t shown, std::string_view sep) {
  std::string out;
  const size_t n = items.size() <= shown ? items.size() : shown;
  for (size_t i = 0; i < n; ++i) {
    if (i) out += sep;
    out += items[i];
  }
  if (items.size() > n) out += (n ? " and " : "") + std::to_string(items.size() - n) + " more";
  return out;
}

}  // namespace vsf
