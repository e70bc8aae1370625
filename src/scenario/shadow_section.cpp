// A VSF's "shadow_policies" (shadow mode): each entry a name and a policy read by read_policy. Names are unique
// within the VSF (events and the summary tell shadows apart by them); an unnamed shadow takes its type, then
// TYPE-2, TYPE-3, ... past the names already taken. Every shadow runs at the VSF's control interval, since it
// is evaluated at the active policy's ticks: a different interval of its own is refused rather than ignored.
#include <fmt/format.h>

#include <map>
#include <set>

#include "scenario/key_tables.hpp"
#include "scenario/sections.hpp"
#include "util/json_util.hpp"

namespace vsf::scenario_detail {

namespace {

bool reported_at(const Source& src, const std::string& pointer) {
  for (const Diagnostic& d : src.diags->items())
    if (d.pointer == pointer) return true;
  return false;
}

// Names given explicitly, first one wins; a repeated one is reported at the later entry.
std::set<std::string> explicit_names(const Source& src, const json& arr, const std::string& ptr,
                                     std::vector<std::string>& names) {
  std::set<std::string> taken;
  std::map<std::string, std::string> first_at;
  for (size_t i = 0; i < arr.size(); ++i) {
    const json* n = member(arr[i], "name");
    if (!n || !n->is_string()) continue;  // absent, or reported by Fields
    const std::string at = pointer_join(pointer_join(ptr, i), "name");
    const std::string name = n->get<std::string>();
    if (!valid_name(name)) continue;  // reported by read_shadow
    if (auto [it, fresh] = first_at.emplace(name, at); !fresh)
      src.error(at, fmt::format("two shadow policies named \"{}\" (the first at {}): names must be unique within the "
                                "VSF, since shadow_decision events and the summary tell shadows apart by name",
                                name, it->second));
    taken.insert(name);
    names[i] = name;
  }
  return taken;
}

void read_shadow(const Source& src, const json& v, const std::string& ptr, const PolicySpec& active,
                 bool active_interval_ok, ShadowPolicy& out) {
  Fields f(src, v, ptr, scenario_keys::shadow_policy(), "a shadow policy");
  if (!f.ok()) return;
  if (f.read("name", out.name) && !valid_name(out.name))
    src.error(f.at("name"), fmt::format("expected a name of letters, digits, '_', '-' or '.' (at most 64, starting "
                                        "with a letter or digit), found {}",
                                        json_found(*f.get("name"))));
  const json* p = f.value("policy");
  if (!p) return;
  read_policy(src, *p, f.at("policy"), out.policy);
  const std::string interval_at = pointer_join(f.at("policy"), "interval");
  if (p->is_object() && p->contains("interval") && active_interval_ok && !reported_at(src, interval_at) &&
      out.policy.interval_s != active.interval_s)
    src.error(interval_at, fmt::format("a shadow policy is evaluated at the VSF's control interval (its policy's "
                                       "interval, {}s): expected {}s or no interval, found {}s",
                                       active.interval_s, active.interval_s, out.policy.interval_s));
  out.policy.interval_s = active.interval_s;
}

}  // namespace

void read_shadow_policies(const Source& src, const json& v, const std::string& ptr, const PolicySpec& active,
                          bool active_interval_ok, std::vector<ShadowPolicy>& out) {
  const json* arr = read_array(src, v, ptr, /*non_empty=*/false);
  if (!arr) return;
  std::vector<std::string> names(arr->size());
  std::set<std::string> taken = explicit_names(src, *arr, ptr, names);
  std::map<std::string, int> of_type;  // unnamed shadows of each type so far
  for (size_t i = 0; i < arr->size(); ++i) {
    ShadowPolicy s;
    read_shadow(src, (*arr)[i], pointer_join(ptr, i), active, active_interval_ok, s);
    if (names[i].empty() && !member((*arr)[i], "name")) {
      const std::string type = to_string(s.policy.type);
      std::string name;
      do {
        const int k = ++of_type[type];
        name = k == 1 ? type : fmt::format("{}-{}", type, k);
      } while (taken.count(name));
      taken.insert(name);
      s.name = name;
    }
    out.push_back(std::move(s));
  }
}

}  // namespace vsf::scenario_detail
