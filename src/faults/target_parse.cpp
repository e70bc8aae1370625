// References to what fails (see target_parse.hpp).
#include "faults/target_parse.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "faults/fault_keys.hpp"
#include "util/json_util.hpp"

namespace vsf::faults::detail {

namespace {

// Indices are checked against the grid later; this bound only keeps absurd numbers out.
constexpr long long kMaxIndex = 10000000;
constexpr long long kMaxRange = 1000000;

// Group member lists: the JSON key and the kind of its members (each key is in fault_keys::members()).
const std::vector<std::pair<std::string, FaultKind>> kMemberKeys = {{"cpus", FaultKind::Cpu},
                                                                    {"control_hosts", FaultKind::ControlHost},
                                                                    {"vlan_switches", FaultKind::VlanSwitch},
                                                                    {"vlan_ports", FaultKind::VlanPort},
                                                                    {"san_switches", FaultKind::SanSwitch},
                                                                    {"san_ports", FaultKind::SanPort},
                                                                    {"storage", FaultKind::Storage}};

}  // namespace

std::optional<TargetRef> read_target_ref(const Source& src, const json& v, const std::string& ptr) {
  TargetRef ref;
  ref.pointer = ptr;
  if (v.is_string() && !v.get_ref<const std::string&>().empty()) {
    ref.name = v.get<std::string>();
    return ref;
  }
  if (v.is_number()) {
    auto i = read_integer(src, v, ptr, 0, kMaxIndex);
    if (!i) return std::nullopt;
    ref.index = *i;
    return ref;
  }
  src.error(ptr, fmt::format("expected a name (a string) or an index (an integer >= 0), found {}", json_found(v)));
  return std::nullopt;
}

std::vector<TargetRef> read_ref_list(const Source& src, const json& v, const std::string& ptr, bool non_empty) {
  std::vector<TargetRef> out;
  if (!read_array(src, v, ptr, non_empty)) return out;
  for (size_t i = 0; i < v.size(); ++i) {
    auto ref = read_target_ref(src, v[i], pointer_join(ptr, i));
    if (!ref) continue;
    bool twice = std::any_of(out.begin(), out.end(),
                             [&](const TargetRef& o) { return o.name == ref->name && o.index == ref->index; });
    if (twice) {
      src.error(ref->pointer, fmt::format("{} is listed twice", ref->text()));
      continue;
    }
    out.push_back(std::move(*ref));
  }
  return out;
}

void read_members(const Source& src, const json& v, const std::string& ptr, FaultGroup& g) {
  auto take = [&](FaultKind kind, std::vector<TargetRef> refs) {
    for (auto& ref : refs) g.members.push_back(GroupMember{kind, std::move(ref)});
  };
  if (v.is_array()) {  // the short form: CPUs
    take(FaultKind::Cpu, read_ref_list(src, v, ptr, true));
    return;
  }
  const std::vector<std::string> allowed = key_names(fault_keys::members());
  if (!v.is_object()) {
    src.error(ptr, fmt::format("expected an array of CPU names or indices, or an object such as "
                               "{{\"cpu_range\": [0, 39], \"vlan_switches\": [\"vsw0\"]}}, found {}",
                               json_found(v)));
    return;
  }
  reject_unknown(src, v, ptr, allowed, "a group's members");
  for (const auto& [key, kind] : kMemberKeys) {
    if (const json* m = member(v, key)) take(kind, read_ref_list(src, *m, pointer_join(ptr, key), false));
  }
  if (const json* range = member(v, "cpu_range")) {
    const std::string rp = pointer_join(ptr, "cpu_range");
    if (!range->is_array() || range->size() != 2) {
      src.error(rp, fmt::format("expected [first, last] (two CPU indices, inclusive), found {}", json_found(*range)));
    } else {
      auto first = read_integer(src, (*range)[0], pointer_join(rp, 0), 0, kMaxIndex);
      auto last = read_integer(src, (*range)[1], pointer_join(rp, 1), 0, kMaxIndex);
      if (first && last && *last < *first) {
        src.error(rp, fmt::format("expected first <= last, found [{}, {}]", *first, *last));
      } else if (first && last && *last - *first >= kMaxRange) {
        src.error(rp, fmt::format("a range of at most {} CPUs, found [{}, {}]", kMaxRange, *first, *last));
      } else if (first && last) {
        for (long long i = *first; i <= *last; ++i) {
          bool listed = std::any_of(g.members.begin(), g.members.end(),
                                    [&](const GroupMember& m) { return m.kind == FaultKind::Cpu && m.ref.index == i; });
          if (!listed) g.members.push_back(GroupMember{FaultKind::Cpu, TargetRef{"", i, rp}});
        }
      }
    }
  }
  if (g.members.empty()) {
    bool written = false;  // a member that failed to parse has been reported already
    for (const auto& k : allowed) {
      const json* m = member(v, k);
      written = written || (m && (!m->is_array() || !m->empty()));
    }
    if (!written) src.error(ptr, "a group needs at least one member");
  }
}

bool read_sides(const Source& src, const json& v, const std::string& ptr, FaultSubject& s) {
  if (!v.is_array() || v.size() != 2) {
    src.error(ptr, fmt::format("expected two sides, each an array of control-plane hosts, such as "
                               "[[\"cp0\"], [\"cp1\", \"cp2\"]], found {}",
                               json_found(v)));
    return false;
  }
  bool ok = true;
  for (size_t k = 0; k < 2; ++k) {
    s.sides[k] = read_ref_list(src, v[k], pointer_join(ptr, k), true);
    ok = ok && v[k].is_array() && s.sides[k].size() == v[k].size() && !v[k].empty();
  }
  for (const auto& a : s.sides[1]) {
    for (const auto& b : s.sides[0]) {
      if (a.name == b.name && a.index == b.index) {
        src.error(a.pointer, fmt::format("{} is on both sides", a.text()));
        ok = false;
      }
    }
  }
  return ok;
}

}  // namespace vsf::faults::detail
