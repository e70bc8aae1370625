// "control_plane" (the segment managers', farm managers' and registry's timing and policies) and
// "image_updates" (boot-image versions published during the run). The cross checks here refuse settings
// under which the control plane could never work as the patent describes (a timeout that outlasts its
// period, a quorum no set of slaves can reach, a freshness no slave can keep); settings that merely
// behave badly are left for the simulation to expose. Meanings and defaults: scenarios/README.md.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "scenario/key_tables.hpp"
#include "scenario/sections.hpp"
#include "util/json_util.hpp"
#include "util/suggest.hpp"

namespace vsf::scenario_detail {

namespace {

// "cp0" ... "cp<hosts-1>": the names GridModel gives the control-plane hosts.
std::vector<std::string> control_host_names(int hosts) {
  std::vector<std::string> names;
  for (int i = 0; i < hosts; ++i) names.push_back(fmt::format("cp{}", i));
  return names;
}

// "majority", or a positive integer (Quorum::Count).
bool read_quorum(const Source& src, const json& v, const std::string& ptr, ControlPlaneSpec& cp) {
  if (v.is_string()) {
    if (!read_choice(src, v, ptr, {to_string(Quorum::Majority)})) return false;
    cp.quorum = Quorum::Majority;
    cp.quorum_count = 0;
    return true;
  }
  if (!v.is_number()) {
    src.error(ptr,
              fmt::format("expected \"majority\" or a number of votes (an integer >= 1), found {}", json_found(v)));
    return false;
  }
  auto n = read_integer(src, v, ptr, 1, kMaxCount);
  if (!n) return false;
  cp.quorum = Quorum::Count;
  cp.quorum_count = static_cast<int>(*n);
  return true;
}

// `timeout` must end before the next `period` starts: otherwise a request is still pending when the next
// is sent, and the "no reply by the timeout" rule of Figs. 10-11 no longer describes one exchange.
void check_shorter(const Source& src, const Fields& f, const char* timeout_key, double timeout_s,
                   const char* period_key, double period_s, const char* what) {
  if (timeout_s < period_s) return;
  src.error(
      f.at(f.has(timeout_key) ? timeout_key : period_key),
      fmt::format("{} ({} s) must be shorter than {} ({} s): {}", timeout_key, timeout_s, period_key, period_s, what));
}

}  // namespace

namespace {

// The checks between control-plane settings; `bad` holds the keys whose value is unusable (reported
// already), so that a comparison is made only between values that are valid or defaulted.
void check_control_plane(const Source& src, const Fields& f, const ControlPlaneSpec& cp,
                         const std::set<std::string>& bad, int hosts, bool grid_ok) {
  auto usable = [&](std::initializer_list<const char*> keys) {
    for (const char* k : keys)
      if (bad.count(k)) return false;
    return true;
  };
  if (usable({"health_check_interval", "health_check_timeout"}))
    check_shorter(src, f, "health_check_timeout", cp.health_check_timeout_s, "health_check_interval",
                  cp.health_check_interval_s, "the master must know a slave failed its check before the next check");
  if (usable({"ping_interval", "ping_timeout"}))
    check_shorter(src, f, "ping_timeout", cp.ping_timeout_s, "ping_interval", cp.ping_interval_s,
                  "a slave must know a ping went unanswered before it sends the next one");
  if (usable({"ping_timeout", "lease"}) && !(cp.lease_s > cp.ping_timeout_s))
    src.error(f.at(f.has("lease") ? "lease" : "ping_timeout"),
              fmt::format("lease ({} s) must be longer than ping_timeout ({} s): a slave votes the master dead only "
                          "after a lease without contact, and that must outlast one unanswered ping",
                          cp.lease_s, cp.ping_timeout_s));
  if (usable({"ping_interval", "freshness"}) && cp.freshness_s < cp.ping_interval_s)
    src.error(f.at(f.has("freshness") ? "freshness" : "ping_interval"),
              fmt::format("freshness ({} s) must be at least ping_interval ({} s): a slave refreshes its registry "
                          "timestamp once per ping interval, so with a shorter freshness no slave would ever be "
                          "fresh and no quorum could ever form",
                          cp.freshness_s, cp.ping_interval_s));
  if (usable({"vsfs_per_farm_manager", "max_vsfs_per_slave"}) && cp.max_vsfs_per_slave < cp.vsfs_per_farm_manager)
    src.error(f.at(f.has("max_vsfs_per_slave") ? "max_vsfs_per_slave" : "vsfs_per_farm_manager"),
              fmt::format("max_vsfs_per_slave ({}) must be at least vsfs_per_farm_manager ({}): a slave must be able "
                          "to hold one full farm manager",
                          cp.max_vsfs_per_slave, cp.vsfs_per_farm_manager));
  if (usable({"quorum", "slaves"}) && cp.quorum == Quorum::Count && grid_ok) {
    const int slaves = cp.slaves > 0 ? cp.slaves : hosts;
    if (cp.quorum_count > slaves)
      src.error(
          f.at("quorum"),
          fmt::format("quorum ({} votes) must be between 1 and the number of slave segment managers ({}{}): "
                      "with fewer slaves no election could ever succeed",
                      cp.quorum_count, slaves, cp.slaves > 0 ? "" : ", one per control-plane host since slaves is 0"));
  }
}

}  // namespace

void read_control_plane(const Source& src, const json& value, const std::string& pointer, Scenario& scenario,
                        Parsed& parsed) {
  ControlPlaneSpec& cp = scenario.control;
  Fields f(src, value, pointer, scenario_keys::control_plane(), "the control plane settings");
  if (!f.ok()) {
    parsed.slaves = false;
    return;
  }
  std::set<std::string> bad;  // keys present with an unusable value
  auto read = [&](const char* key, auto& out) {
    if (!f.read(key, out) && f.has(key)) bad.insert(key);
  };
  read("slaves", cp.slaves);
  if (bad.count("slaves")) parsed.slaves = false;
  read("vsfs_per_farm_manager", cp.vsfs_per_farm_manager);
  read("max_vsfs_per_slave", cp.max_vsfs_per_slave);
  read("health_check_interval", cp.health_check_interval_s);
  read("health_check_timeout", cp.health_check_timeout_s);
  read("restart_timeout", cp.restart_timeout_s);
  read("manager_restart", cp.manager_restart_s);
  read("ping_interval", cp.ping_interval_s);
  read("ping_timeout", cp.ping_timeout_s);
  read("freshness", cp.freshness_s);
  if (const json* q = f.value("quorum"); q && !read_quorum(src, *q, f.at("quorum"), cp)) bad.insert("quorum");
  read("lease", cp.lease_s);
  f.read("reassign", cp.reassign, kReassigns);
  read("takeover", cp.takeover_s);
  read("host_boot", cp.host_boot_s);
  read("registry_read", cp.registry_read_s);
  read("registry_write", cp.registry_write_s);
  read("message_size", cp.message_bytes);
  read("power_off_idle_hosts", cp.power_off_idle_hosts);

  const int hosts = scenario.grid.control_plane.hosts;
  if (f.read("registry_host", cp.registry_host) && parsed.control_plane) {
    const auto names = control_host_names(hosts);
    if (std::find(names.begin(), names.end(), cp.registry_host) == names.end())
      src.error(f.at("registry_host"),
                fmt::format("no control-plane host named \"{}\"{}; the grid has {} (\"cp0\"{}, see "
                            "grid.control_plane.hosts)",
                            cp.registry_host, suggestion_suffix(cp.registry_host, names), hosts,
                            hosts > 1 ? fmt::format(" to \"cp{}\"", hosts - 1) : ""));
  }
  check_control_plane(src, f, cp, bad, hosts, parsed.control_plane);
}

void read_image_updates(const Source& src, const json& value, const std::string& pointer, Scenario& scenario,
                        const Parsed& parsed) {
  const json* arr = read_array(src, value, pointer, false);
  if (!arr) return;
  // Roles a rollout can act on: those of some VSF's tiers (the servers a farm manager rolls).
  std::set<std::string> tier_roles;
  for (const VsfSpec& v : scenario.vsfs)
    for (const Tier& t : v.tiers)
      if (!t.role.empty()) tier_roles.insert(t.role);
  const std::vector<std::string> tier_role_list(tier_roles.begin(), tier_roles.end());

  for (size_t i = 0; i < arr->size(); ++i) {
    const std::string uptr = pointer_join(pointer, i);
    Fields f(src, (*arr)[i], uptr, scenario_keys::image_update(), "an image update");
    if (!f.ok()) continue;
    ImageUpdate u;
    u.pointer = uptr;
    if (f.read("at", u.at_s) && u.at_s >= scenario.duration_s)
      src.error(f.at("at"), fmt::format("the image update at {} s is not before the end of the run ({} s)", u.at_s,
                                        scenario.duration_s));
    if (f.read("role", u.role) &&
        check_reference(src, scenario.models.roles, u.role, f.at("role"), "role", parsed.models) && parsed.vsfs &&
        !tier_roles.count(u.role))
      src.error(f.at("role"),
                fmt::format("no VSF has a tier of role \"{}\", so no CPU would take the update{}", u.role,
                            tier_role_list.empty() ? std::string() : suggestion_suffix(u.role, tier_role_list)));
    f.read("version", u.version);
    if (const json* m = f.value("max_unavailable")) {
      if (!m->is_number() || !(m->get<double>() > 0) || !(m->get<double>() <= 1))
        src.error(f.at("max_unavailable"),
                  fmt::format("expected a fraction of the tier's serving CPUs, greater than 0 and at most 1, found {}",
                              json_found(*m)));
      else
        u.max_unavailable = m->get<double>();
    }
    scenario.image_updates.push_back(std::move(u));
  }
  // Updates are applied in time order; equal times keep the file's order.
  std::stable_sort(scenario.image_updates.begin(), scenario.image_updates.end(),
                   [](const ImageUpdate& a, const ImageUpdate& b) { return a.at_s < b.at_s; });
}

}  // namespace vsf::scenario_detail
