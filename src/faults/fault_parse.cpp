// parse_faults: the `faults` JSON into a FaultSpec, every problem reported with its pointer. Which keys
// an event or process accepts depends on its kind, so the kind is read first and the unknown-key check
// comes after; when the kind itself is bad, every key any kind accepts is let through, so one typo
// gives one message rather than a cascade.
#include "faults/fault_parse.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "faults/distribution_parse.hpp"
#include "faults/fault_keys.hpp"
#include "faults/target_parse.hpp"
#include "util/json_util.hpp"
#include "util/suggest.hpp"

namespace vsf::faults {

namespace {

using detail::read_members;
using detail::read_name;
using detail::read_ref_list;
using detail::read_sides;
using detail::read_target_ref;
using detail::read_time;

bool has_targets(FaultKind k) {
  return k != FaultKind::Manager && k != FaultKind::CpPartition && k != FaultKind::Registry &&
         k != FaultKind::GlobalManager;
}

std::vector<std::string> kind_names() {
  std::vector<std::string> out;
  for (int i = 0; i < kFaultKindCount; ++i) out.push_back(kind_name(static_cast<FaultKind>(i)));
  return out;
}

// Adds keys an event or process accepts, each of which must be in their tables (fault_keys.hpp): the
// parser picks the subset a kind accepts, the tables stay the complete list.
void add(std::vector<std::string>& keys, std::initializer_list<const char*> more) {
  for (const char* k : more) {
    if (!find_key(fault_keys::event(), k) && !find_key(fault_keys::process(), k))
      throw std::logic_error(std::string("fault key \"") + k + "\" is in no key table");
    keys.push_back(k);
  }
}

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
  bool known_group(const json& v, const std::string& ptr) const;
  // Reads kind/group and the kind's own keys into `s`; appends the keys the object may hold to `keys`.
  bool subject(const json& obj, const std::string& ptr, bool process, FaultSubject& s,
               std::vector<std::string>& keys) const;
  // "group" of an event (a group name) or "groups" of a process ("all" or group names).
  bool group_subject(const json& group, const std::string& gp, bool process, FaultSubject& s) const;
  // The keys of a manager fault (which manager, crash or stall) and of a partition (its sides); clears
  // `targeted` for the master, which is whichever slave holds the role at the time.
  bool kind_keys(const json& obj, const std::string& ptr, FaultSubject& s, std::vector<std::string>& keys,
                 bool& targeted) const;
  // "target" of an event (one reference) or "targets" of a process ("all", the default, or a list).
  bool targets(const json& obj, const std::string& ptr, bool process, const std::string& kind, FaultSubject& s,
               std::vector<std::string>& keys) const;
  // "a \"cpu\" fault event", "a \"manager\" (master) fault process", "a fault event" (for messages)
  static std::string describe(const FaultSubject& s, bool process);

  Source src_;
  std::vector<std::string> group_names_;
};

void Parser::groups(const json& v, const std::string& ptr, FaultSpec& spec) {
  if (!read_array(src_, v, ptr, false)) return;
  std::map<std::string, std::string> seen;  // name -> pointer
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string gp = pointer_join(ptr, i);
    const Fields f(src_, v[i], gp, fault_keys::group(), "a fault group");
    if (!f.ok()) continue;
    FaultGroup g;
    g.pointer = gp;
    if (const json* name = f.value("name")) {
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
    std::string note;
    f.read("note", note);
    if (const json* m = f.value("members")) read_members(src_, *m, f.at("members"), g);
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

bool Parser::subject(const json& obj, const std::string& ptr, bool process, FaultSubject& s,
                     std::vector<std::string>& keys) const {
  const char* group_key = process ? "groups" : "group";
  const json* kind = member(obj, "kind");
  const json* group = member(obj, group_key);
  add(keys, {"kind", group_key});
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
  if (group) return group_subject(*group, pointer_join(ptr, group_key), process, s);

  auto name = read_choice(src_, *kind, pointer_join(ptr, "kind"), kind_names());
  if (!name) {
    add(keys, {"target", "targets", "manager", "mode", "sides"});
    return false;
  }
  s.kind = *kind_from_name(*name);
  bool targeted = has_targets(*s.kind);
  const bool ok = kind_keys(obj, ptr, s, keys, targeted);
  if (!targeted) return ok;
  return targets(obj, ptr, process, *name, s, keys) && ok;
}

bool Parser::group_subject(const json& group, const std::string& gp, bool process, FaultSubject& s) const {
  if (!process) {
    s.group = group.is_string() ? group.get<std::string>() : "";
    return known_group(group, gp);
  }
  if (group.is_string() && group.get_ref<const std::string&>() == "all") {
    s.all_targets = true;
    return true;
  }
  if (!group.is_array()) {
    src_.error(gp, fmt::format("expected \"all\" or an array of group names, found {}", json_found(group)));
    return false;
  }
  bool ok = read_array(src_, group, gp, true) != nullptr;
  for (size_t i = 0; i < group.size(); ++i) {
    const std::string ip = pointer_join(gp, i);
    if (!known_group(group[i], ip)) {
      ok = false;
    } else if (std::count(s.groups.begin(), s.groups.end(), group[i].get<std::string>())) {
      src_.error(ip, fmt::format("\"{}\" is listed twice", group[i].get<std::string>()));
      ok = false;
    } else {
      s.groups.push_back(group[i].get<std::string>());
    }
  }
  return ok;
}

bool Parser::kind_keys(const json& obj, const std::string& ptr, FaultSubject& s, std::vector<std::string>& keys,
                       bool& targeted) const {
  bool ok = true;
  if (*s.kind == FaultKind::Manager) {
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
      s.manager = *role == "master"  ? ManagerRole::Master
                  : *role == "slave" ? ManagerRole::Slave
                                     : ManagerRole::FarmManager;
    targeted = !role || *role != "master";  // the master is whichever slave holds the role at the time
    if (const json* mode = member(obj, "mode")) {
      auto md = read_choice(src_, *mode, pointer_join(ptr, "mode"), {"crash", "stall"});
      ok = ok && md.has_value();
      if (md) s.mode = *md == "crash" ? ManagerMode::Crash : ManagerMode::Stall;
    }
  }
  if (*s.kind == FaultKind::CpPartition) {
    add(keys, {"sides"});
    if (const json* sd = member(obj, "sides")) {
      ok = read_sides(src_, *sd, pointer_join(ptr, "sides"), s) && ok;
    } else {
      src_.error(ptr, "missing required key \"sides\" (two arrays of control-plane hosts)");
      ok = false;
    }
  }
  return ok;
}

bool Parser::targets(const json& obj, const std::string& ptr, bool process, const std::string& kind, FaultSubject& s,
                     std::vector<std::string>& keys) const {
  const char* target_key = process ? "targets" : "target";
  add(keys, {target_key});
  const json* t = member(obj, target_key);
  const std::string tp = pointer_join(ptr, target_key);
  if (!process) {
    if (!t) {
      src_.error(ptr, fmt::format("missing required key \"target\" (which {} fails: a name or an index)", kind));
      return false;
    }
    auto ref = read_target_ref(src_, *t, tp);
    if (ref) s.targets.push_back(std::move(*ref));
    return ref.has_value();
  }
  if (!t || (t->is_string() && t->get_ref<const std::string&>() == "all")) {
    s.all_targets = true;
    return true;
  }
  if (!t->is_array()) {
    src_.error(tp, fmt::format("expected \"all\" or an array of names or indices, found {}", json_found(*t)));
    return false;
  }
  s.targets = read_ref_list(src_, *t, tp, true);
  return !s.targets.empty();
}

std::string Parser::describe(const FaultSubject& s, bool process) {
  const char* what = process ? "fault process" : "fault event";
  if (!s.kind)
    return s.group.empty() && s.groups.empty() && !s.all_targets ? fmt::format("a {}", what)
                                                                 : fmt::format("a group {}", what);
  if (*s.kind == FaultKind::Manager) return fmt::format("a \"manager\" ({}) {}", role_name(s.manager), what);
  return fmt::format("a \"{}\" {}", kind_name(*s.kind), what);
}

void Parser::events(const json& v, const std::string& ptr, FaultSpec& spec) const {
  if (!read_array(src_, v, ptr, false)) return;
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string ep = pointer_join(ptr, i);
    if (!read_object(src_, v[i], ep, "a fault event")) continue;
    ScheduledFault e;
    e.pointer = ep;
    std::vector<std::string> keys;
    add(keys, {"at", "repair", "note"});
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
    std::vector<std::string> keys;
    add(keys, {"ttf", "ttr", "start", "end", "note"});
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
  const Fields f(src, j, pointer, fault_keys::section(), "the faults section");
  if (!f.ok()) return spec;
  if (const json* seed = f.value("seed")) spec.seed = read_uint64(src, *seed, f.at("seed"));
  if (const json* g = f.value("groups")) parser.groups(*g, f.at("groups"), spec);
  if (const json* e = f.value("events")) parser.events(*e, f.at("events"), spec);
  if (const json* p = f.value("processes")) parser.processes(*p, f.at("processes"), spec);
  return spec;
}

}  // namespace vsf::faults
