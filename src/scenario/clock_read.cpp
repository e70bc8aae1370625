// The "HH:MM" reader shared by review_hours and plans' guaranteed periods.
#include "scenario/clock_read.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cstdio>

#include "util/json_util.hpp"

namespace vsf::scenario_detail {

std::optional<double> read_clock(const Source& src, const Fields& f, const std::string& key) {
  std::string text;
  if (!f.read(key, text)) return std::nullopt;
  int h = -1, m = -1;
  char tail = 0;
  const bool form = text.size() == 5 && std::sscanf(text.c_str(), "%2d:%2d%c", &h, &m, &tail) == 2 && text[2] == ':' &&
                    std::isdigit(static_cast<unsigned char>(text[0])) &&
                    std::isdigit(static_cast<unsigned char>(text[3]));
  if (!form || h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0)) {
    src.error(f.at(key), fmt::format("expected a time of day \"HH:MM\" from \"00:00\" to \"24:00\", found {}",
                                     json_found(*f.get(key))));
    return std::nullopt;
  }
  return h * 3600.0 + m * 60.0;
}

}  // namespace vsf::scenario_detail
