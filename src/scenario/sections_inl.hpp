// Template part of sections.hpp: reference checks against the model maps, choices read into enums.
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

template <typename E, size_t N>
std::vector<std::string> enum_names(const std::array<E, N>& values) {
  std::vector<std::string> names;
  for (E e : values) names.emplace_back(to_string(e));
  return names;
}

template <typename E, size_t N>
std::optional<E> read_enum_choice(const Source& src, const json& v, const std::string& pointer,
                                  const std::array<E, N>& values) {
  auto name = read_choice(src, v, pointer, enum_names(values));
  if (!name) return std::nullopt;
  for (E e : values)
    if (*name == to_string(e)) return e;
  return std::nullopt;  // not reached: read_choice accepts only these names
}

}  // namespace vsf::scenario_detail
