// Template part of sections.hpp: reference checks against the model maps.
#pragma once

#include <fmt/format.h>

#include "util/suggest.hpp"

namespace vsf::scenario_detail {

template <typename Map>
bool check_reference(const Source& src, const Map& m, const std::string& name, const std::string& pointer,
                     const char* what, bool models_ok) {
  if (m.count(name)) return true;
  if (!models_ok) return false;  // a model file is missing or broken: that error is the one to fix first
  auto known = names_of(m);
  std::string hint = suggestion_suffix(name, known);
  if (hint.empty() && known.empty()) hint = fmt::format("; the model files define no {}", what);
  src.error(pointer, fmt::format("unknown {} \"{}\"{}", what, name, hint));
  return false;
}

}  // namespace vsf::scenario_detail
