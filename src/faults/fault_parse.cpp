// parse_faults: the `faults` JSON into a FaultSpec, every problem reported with its pointer. Which keys
// an event or process accepts depends on its kind, so the kind is read first and the unknown-key check
// comes after; when the kind itself is bad, every key any kind accepts is let through, so one typo
// gives one message rather than a cascade.
#include "faults/fault_parse.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "faults/distribution_parse.hpp"
#include "util/json_util.hpp"
#include "util/suggest.hpp"

namespace vsf::faults {

namespace {

using detail::read_name;
using detail::read_time;

// Indices are checked against the grid later; this bound only keeps absurd numbers out.
constexpr long long kMaxIndex = 10000000;
constexpr long long kMaxRange = 1000000;

bool has_targets(FaultKind k) {
  return k != FaultKind::manager && k != FaultKind::cp_partition && k != FaultKind::registry;
}

std::vector<std::string> kind_names() {
  std::vector<std::string> out;
  for (int i = 0; i < kFaultKindCount; ++i) out.push_back(kind_name(static_cast<FaultKind>(i)));
  return out;
}

void add(std::vector<std::string>& keys, std::initializer_list<const char*> more) {
  for (const char* k : more) keys.push_back(k);
}

// Group member lists: the JSON key and the kind of its members.
const std::vector<std::pair<std::string, FaultKind>> kMemberKeys = {{"cpus", FaultKind::cpu},
                                                                    {"control_hosts", FaultKind::control_host},
                                                                    {"vlan_switches", FaultKind::vlan_switch},
                                                                    {"vlan_ports", FaultKind::vlan_port},
                                                                    {"san_switches", FaultKind::san_switch},
                                                                    {"san_ports", FaultKind::san_port},
                                                                    {"storage", FaultKind::storage}};

class Parser {
 public:
  Parser(const std::string& file, Diagnostics& diags) : src_{file, &diags} {}

  std::optional<Distribution> distribution(const json& v, const std::string& ptr) const {
    return detail::read_distribution(src_, v, ptr);
  }
  void groups(const json& v, const std::string& ptr, FaultSpec& spec);
  void events(const json& v, const std::string& ptr, FaultSpec& spec) const;
  void processes(const json& v, const std::string& ptr, FaultSpec& spec) const;

 private:
  std::optional<TargetRef> target_ref(const json& v, const std::string& ptr) const;
  // Refs of an array, each checked; a ref written twice is reported.
  std::vector<TargetRef> ref_list(const json& v, const std::string& ptr, bool non_empty) const;
  void members(const json& v, const std::string& ptr, FaultGroup& g) const;
  bool known_group(const json& v, const std::string& ptr) const;
  // Reads kind/group and the kind's own keys into `s`; appends the keys the object may hold to `keys`.
  bool subject(const json& obj, const std::string& ptr, bool process, FaultSubject& s,
               std::vector<std::string>& keys) const;
  // "a \"cpu\" fault event", "a \"manager\" (master) fault process", "a fault event" (for messages)
  static std::string describe(const FaultSubject& s, bool process);
  bool sides(const json& v, const std::string& ptr, FaultSubject& s) const;

  Source src_;
  std::vector<std::string> group_names_;
};

std::optional<TargetRef> Parser::target_ref(const json& v, const std::string& ptr) const {
  TargetRef ref;
  ref.pointer = ptr;
  if (v.is_string() && !v.get_ref<const std::string&>().empty()) {
    ref.name = v.get<std::string>();
    return ref;
  }
  if (v.is_number()) {
    auto i = read_integer(src_, v, ptr, 0, kMaxIndex);
    if (!i) return std::nullopt;
    ref.index = *i;
    return ref;
  }
  src_.error(ptr, fmt::format("expected a name (a string) or an index (an integer >= 0), found {}", json_found(v)));
  return std::nullopt;
}

std::vector<TargetRef> Parser::ref_list(const json& v, const std::string& ptr, bool non_empty) const {
  std::vector<TargetRef> out;
  if (!read_array(src_, v, ptr, non_empty)) return out;
  for (size_t i = 0; i < v.size(); ++i) {
    auto ref = target_ref(v[i], pointer_join(ptr, i));
    if (!ref) continue;
    bool twice = std::any_of(out.begin(), out.end(),
                             [&](const TargetRef& o) { return o.name == ref->name && o.index == ref->index; });
    if (twice) {
      src_.error(ref->pointer, fmt::format("{} is listed twice", ref->text()));
      continue;
    }
    out.push_back(std::move(*ref));
  }
  return out;
}

void Parser::members(const json& v, const std::string& ptr, FaultGroup& g) const {
  auto take = [&](FaultKind kind, std::vector<TargetRef> refs) {
    for (auto& ref : refs) g.members.push_back(GroupMember{kind, std::move(ref)});
  };
  if (v.is_array()) {  // the short form: CPUs
    take(FaultKind::cpu, ref_list(v, ptr, true));
    return;
  }
  std::vector<std::string> allowed = {"cpu_range"};
  for (const auto& [key, kind] : kMemberKeys) allowed.push_back(key);
  if (!v.is_object()) {
    src_.error(ptr, fmt::format("expected an array of CPU names or indices, or an object such as "
                                "{{\"cpu_range\": [0, 39], \"vlan_switches\": [\"vsw0\"]}}, found {}",
                                json_found(v)));
    return;
  }
  reject_unknown(src_, v, ptr, allowed, "a group's members");
  for (const auto& [key, kind] : kMemberKeys) {
    if (const json* m = member(v, key)) take(kind, ref_list(*m, pointer_join(ptr, key), false));
  }
  if (const json* range = member(v, "cpu_range")) {
    const std::string rp = pointer_join(ptr, "cpu_range");
    if (!range->is_array() || range->size() != 2) {
      src_.error(rp, fmt::format("expected [first, last] (two CPU indices, inclusive), found {}", json_found(*range)));
    } else {
      auto first = read_integer(src_, (*range)[0], pointer_join(rp, 0), 0, kMaxIndex);
      auto last = read_integer(src_, (*range)[1], pointer_join(rp, 1), 0, kMaxIndex);
      if (first && last && *last < *first) {
        src_.error(rp, fmt::format("expected first <= last, found [{}, {}]", *first, *last));
      } else if (first && last && *last - *first >= kMaxRange) {
        src_.error(rp, fmt::format("a range of at most {} CPUs, found [{}, {}]", kMaxRange, *first, *last));
      } else if (first && last) {
        for (long long i = *first; i <= *last; ++i) {
          bool listed = std::any_of(g.members.begin(), g.members.end(),
                                    [&](const GroupMember& m) { return m.kind == FaultKind::cpu && m.ref.index == i; });
          if (!listed) g.members.push_back(GroupMember{FaultKind::cpu, TargetRef{"", i, rp}});
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
    if (!written) src_.error(ptr, "a group needs at least one member");
  }
}

void Parser::groups(const json& v, const std::string& ptr, FaultSpec& spec) {
  if (!read_array(src_, v, ptr, false)) return;
  std::map<std::string, std::string> seen;  // name -> pointer
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string gp = pointer_join(ptr, i);
    const Fields f(src_, v[i], gp, {"name", "members", "note"}, "a fault group");
    if (!f.ok()) continue;
    FaultGroup g;
    g.pointer = gp;
    if (const json* name = f.require("name")) {
      if (auto n = read_name(src_, *name, f.at("name"))) {
        if (auto it = seen.find(*n); it != seen.end()) {
          src_.error(f.at("name"), fmt::format("duplicate group name \"{}\" (also at {})", *n, it->second));
        } else {
          seen.emplace(*n, f.at("name"));
          g.name = *n;
          group_names_.push_back(*n);
        }
      }
    }
    if (const json* note = f.get("note")) read_string(src_, *note, f.at("note"), true);
    if (const json* m = f.require("members")) members(*m, f.at("members"), g);
    if (!g.name.empty()) spec.groups.push_back(std::move(g));
  }
}

bool Parser::known_group(const json& v, const std::string& ptr) const {
  auto name = read_name(src_, v, ptr);
  if (!name) return false;
  if (std::find(group_names_.begin(), group_names_.end(), *name) != group_names_.end()) return true;
  src_.error(ptr, group_names_.empty()
                      ? fmt::format("no group named \"{}\": \"faults\" has no \"groups\"", *name)
                      : fmt::format("no group named \"{}\"{}", *name, suggestion_suffix(*name, group_names_)));
  return false;
}

bool Parser::sides(const json& v, const std::string& ptr, FaultSubject& s) const {
  if (!v.is_array() || v.size() != 2) {
    src_.error(ptr, fmt::format("expected two sides, each an array of control-plane hosts, such as "
                                "[[\"cp0\"], [\"cp1\", \"cp2\"]], found {}",
                                json_found(v)));
    return false;
  }
  bool ok = true;
  for (size_t k = 0; k < 2; ++k) {
    s.sides[k] = ref_list(v[k], pointer_join(ptr, k), true);
    ok = ok && v[k].is_array() && s.sides[k].size() == v[k].size() && !v[k].empty();
  }
  for (const auto& a : s.sides[1]) {
    for (const auto& b : s.sides[0]) {
      if (a.name == b.name && a.index == b.index) {
        src_.error(a.pointer, fmt::format("{} is on both sides", a.text()));
        ok = false;
      }
    }
  }
  return ok;
}

bool Parser::subject(const json& obj, const std::string& ptr, bool process, FaultSubject& s,
                     std::vector<std::string>& keys) const {
  const char* group_key = process ? "groups" : "group";
  const char* target_key = process ? "targets" : "target";
  const json* kind = member(obj, "kind");
  const json* group = member(obj, group_key);
  keys.push_back("kind");
  keys.push_back(group_key);
  if (kind && group) {
    src_.error(ptr, fmt::format("\"kind\" and \"{}\" exclude each other: a correlated group fails all its members, "
                                "whatever their kind",
                                group_key));
    add(keys, {"target", "targets", "manager", "mode", "sides"});
    return false;
  }
  if (!kind && !group) {
    src_.error(ptr, fmt::format("missing required key \"kind\" (or \"{}\" for a correlated group)", group_key));
    add(keys, {"target", "targets", "manager", "mode", "sides"});
    return false;
  }
  if (group) {
    const std::string gp = pointer_join(ptr, group_key);
    if (!process) {
      s.group = group->is_string() ? group->get<std::string>() : "";
      return known_group(*group, gp);
    }
    if (group->is_string() && group->get_ref<const std::string&>() == "all") {
      s.all_targets = true;
      return true;
    }
    if (!group->is_array()) {
      src_.error(gp, fmt::format("expected \"all\" or an array of group names, found {}", json_found(*group)));
      return false;
    }
    bool ok = read_array(src_, *group, gp, true) != nullptr;
    for (size_t i = 0; i < group->size(); ++i) {
      const std::string ip = pointer_join(gp, i);
      if (!known_group((*group)[i], ip)) {
        ok = false;
      } else if (std::count(s.groups.begin(), s.groups.end(), (*group)[i].get<std::string>())) {
        src_.error(ip, fmt::format("\"{}\" is listed twice", (*group)[i].get<std::string>()));
        ok = false;
      } else {
        s.groups.push_back((*group)[i].get<std::string>());
      }
    }
    return ok;
  }

  auto name = read_choice(src_, *kind, pointer_join(ptr, "kind"), kind_names());
  if (!name) {
    add(keys, {"target", "targets", "manager", "mode", "sides"});
    return false;
  }
  const FaultKind k = *kind_from_name(*name);
  s.kind = k;
  bool ok = true;
  bool targeted = has_targets(k);
  if (k == FaultKind::manager) {
    add(keys, {"manager", "mode"});
    const json* m = member(obj, "manager");
    std::optional<std::string> role;
    if (!m) {
      src_.error(ptr, "missing required key \"manager\" (\"master\", \"slave\" or \"farm_manager\")");
    } else {
      role = read_choice(src_, *m, pointer_join(ptr, "manager"), {"master", "slave", "farm_manager"});
    }
    ok = role.has_value();
    if (role)
      s.manager = *role == "master"  ? ManagerRole::master
                  : *role == "slave" ? ManagerRole::slave
                                     : ManagerRole::farm_manager;
    targeted = !role || *role != "master";  // the master is whichever slave holds the role at the time
    if (const json* mode = member(obj, "mode")) {
      auto md = read_choice(src_, *mode, pointer_join(ptr, "mode"), {"crash", "stall"});
      ok = ok && md.has_value();
      if (md) s.mode = *md == "crash" ? ManagerMode::crash : ManagerMode::stall;
    }
  }
  if (k == FaultKind::cp_partition) {
    keys.push_back("sides");
    if (const json* sd = member(obj, "sides")) {
      ok = sides(*sd, pointer_join(ptr, "sides"), s) && ok;
    } else {
      src_.error(ptr, "missing required key \"sides\" (two arrays of control-plane hosts)");
      ok = false;
    }
  }
  if (!targeted) return ok;
  keys.push_back(target_key);
  const json* t = member(obj, target_key);
  const std::string tp = pointer_join(ptr, target_key);
  if (!process) {
    if (!t) {
      src_.error(ptr, fmt::format("missing required key \"target\" (which {} fails: a name or an index)", *name));
      return false;
    }
    auto ref = target_ref(*t, tp);
    if (ref) s.targets.push_back(std::move(*ref));
    return ok && ref.has_value();
  }
  if (!t || (t->is_string() && t->get_ref<const std::string&>() == "all")) {
    s.all_targets = true;
    return ok;
  }
  if (!t->is_array()) {
    src_.error(tp, fmt::format("expected \"all\" or an array of names or indices, found {}", json_found(*t)));
    return false;
  }
  s.targets = ref_list(*t, tp, true);
  return ok && !s.targets.empty();
}

std::string Parser::describe(const FaultSubject& s, bool process) {
  const char* what = process ? "fault process" : "fault event";
  if (!s.kind)
    return s.group.empty() && s.groups.empty() && !s.all_targets ? fmt::format("a {}", what)
                                                                 : fmt::format("a group {}", what);
  if (*s.kind == FaultKind::manager) return fmt::format("a \"manager\" ({}) {}", role_name(s.manager), what);
  return fmt::format("a \"{}\" {}", kind_name(*s.kind), what);
}

void Parser::events(const json& v, const std::string& ptr, FaultSpec& spec) const {
  if (!read_array(src_, v, ptr, false)) return;
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string ep = pointer_join(ptr, i);
    if (!read_object(src_, v[i], ep, "a fault event")) continue;
    ScheduledFault e;
    e.pointer = ep;
    std::vector<std::string> keys = {"at", "repair", "note"};
    bool ok = subject(v[i], ep, false, e.subject, keys);
    reject_unknown(src_, v[i], ep, keys, describe(e.subject, false));
    if (const json* at = member(v[i], "at")) {
      auto t = read_time(src_, *at, pointer_join(ep, "at"));
      ok = ok && t.has_value();
      if (t) e.at_s = *t;
    } else {
      src_.error(ep, "missing required key \"at\" (when the failure happens, such as \"2h\")");
      ok = false;
    }
    if (const json* rep = member(v[i], "repair")) {
      e.repair = distribution(*rep, pointer_join(ep, "repair"));
      ok = ok && e.repair.has_value();
    }
    if (const json* note = member(v[i], "note")) read_string(src_, *note, pointer_join(ep, "note"), true);
    if (ok) spec.events.push_back(std::move(e));
  }
}

void Parser::processes(const json& v, const std::string& ptr, FaultSpec& spec) const {
  if (!read_array(src_, v, ptr, false)) return;
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string pp = pointer_join(ptr, i);
    if (!read_object(src_, v[i], pp, "a fault process")) continue;
    FaultProcess p;
    p.pointer = pp;
    std::vector<std::string> keys = {"ttf", "ttr", "start", "end", "note"};
    bool ok = subject(v[i], pp, true, p.subject, keys);
    reject_unknown(src_, v[i], pp, keys, describe(p.subject, true));
    for (const char* key : {"ttf", "ttr"}) {
      const json* d = member(v[i], key);
      if (!d) {
        src_.error(pp, fmt::format("missing required key \"{}\" (time to {}: a distribution)", key,
                                   key == std::string("ttf") ? "failure" : "repair"));
        ok = false;
        continue;
      }
      auto dist = distribution(*d, pointer_join(pp, key));
      ok = ok && dist.has_value();
      if (!dist) continue;
      if (key == std::string("ttf") && !(dist->mean() > 0)) {
        // Zero time to failure would make the renewal process fail and heal forever at one instant.
        src_.error(pointer_join(pp, key), "the time to failure must have a positive mean");
        ok = false;
      }
      (key == std::string("ttf") ? p.ttf : p.ttr) = std::move(*dist);
    }
    if (const json* s = member(v[i], "start")) {
      auto t = read_time(src_, *s, pointer_join(pp, "start"));
      ok = ok && t.has_value();
      if (t) p.start_s = *t;
    }
    if (const json* e = member(v[i], "end")) {
      auto t = read_time(src_, *e, pointer_join(pp, "end"));
      if (t && !(*t > p.start_s)) {
        src_.error(pointer_join(pp, "end"),
                   fmt::format("expected an end after start ({}s), found {}", p.start_s, json_found(*e)));
        t.reset();
      }
      ok = ok && t.has_value();
      p.end_s = t;
    }
    if (const json* note = member(v[i], "note")) read_string(src_, *note, pointer_join(pp, "note"), true);
    if (ok) spec.processes.push_back(std::move(p));
  }
}

}  // namespace

std::optional<Distribution> parse_distribution(const nlohmann::json& j, const std::string& file,
                                               const std::string& pointer, Diagnostics& diags) {
  return Parser(file, diags).distribution(j, pointer);
}

FaultSpec parse_faults(const nlohmann::json& j, const std::string& file, const std::string& pointer,
                       Diagnostics& diags) {
  FaultSpec spec;
  spec.file = file;
  Parser parser(file, diags);
  const Source src{file, &diags};
  const Fields f(src, j, pointer, {"seed", "groups", "events", "processes"}, "the faults section");
  if (!f.ok()) return spec;
  if (const json* seed = f.get("seed")) spec.seed = read_uint64(src, *seed, f.at("seed"));
  if (const json* g = f.get("groups")) parser.groups(*g, f.at("groups"), spec);
  if (const json* e = f.get("events")) parser.events(*e, f.at("events"), spec);
  if (const json* p = f.get("processes")) parser.processes(*p, f.at("processes"), spec);
  return spec;
}

}  // namespace vsf::faults
