// The control LAN and the registry's costs: who can reach whom, message delivery through the managers'
// inboxes, and costed registry accesses (see control_plane_runtime.hpp for the model).
#include <algorithm>
#include <cmath>
#include <simgrid/s4u.hpp>

#include "sim/managers/control_plane_runtime.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_cp_lan, vsf_control, "control plane: message delivery and registry accesses");

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

const char* message_name(const ControlMessage& m) {
  static constexpr const char* kNames[] = {"Ping",           "Pong",       "StatusRequest", "StatusReply",
                                           "RestartConfirm", "Takeover",   "TakeoverDone",  "ScaleRequest",
                                           "ScaleForward",   "ScaleGrant", "Release",       "EvictLost"};
  static_assert(std::size(kNames) == std::variant_size_v<ControlMessage>, "one name per message type");
  return kNames[m.index()];
}

bool ControlPlane::reachable(int a, int b) const {
  if (!host_up(a) || !host_up(b)) return false;
  if (a == b) return true;
  for (const auto& [id, sides] : partitions) {
    auto in = [](const std::vector<int>& s, int h) { return std::find(s.begin(), s.end(), h) != s.end(); };
    if ((in(sides[0], a) && in(sides[1], b)) || (in(sides[1], a) && in(sides[0], b))) return false;
  }
  return true;
}

double ControlPlane::message_s() const {
  const SwitchProfile& lan =
      w.has_sites() ? w.scenario.grid.sites[static_cast<size_t>(site)].vlan : w.scenario.grid.vlan_switches.spec;
  return 2 * lan.port_latency_s + spec.message_bytes / lan.port_bandwidth_Bps;
}

void ControlPlane::send(int from_host, Process& to, ControlMessage m) {
  if (!to.alive || !reachable(from_host, to.host)) {
    XBT_VERB("%s to %s lost at sending (%s)", message_name(m), to.name.c_str(),
             to.alive ? "unreachable" : "receiver down");
    return;
  }
  XBT_VERB("%s to %s, arrives at %.6f", message_name(m), to.name.c_str(), now() + message_s());
  to.inbox.push_back(Envelope{now() + message_s(), from_host, std::move(m)});
  if (to.waiting) {
    to.waiting = false;
    to.wake->release();
  }
}

namespace {

// Takes the inbox's first message; nothing when it was lost on the way (its sender's host can no longer
// reach the receiver's).
std::optional<ControlMessage> take_first(const ControlPlane& cp, Process& p) {
  Envelope e = std::move(p.inbox.front());
  p.inbox.pop_front();
  if (cp.reachable(e.from_host, p.host)) return std::move(e.msg);
  XBT_VERB("%s to %s lost on the way", message_name(e.msg), p.name.c_str());
  return std::nullopt;
}

}  // namespace

std::optional<ControlMessage> ControlPlane::receive(Process& p, double until) {
  for (;;) {
    while (!p.inbox.empty() && p.inbox.front().arrival <= now())
      if (auto m = take_first(*this, p)) return m;
    double t = until;
    if (!p.inbox.empty()) t = std::min(t, p.inbox.front().arrival);
    if (due(t)) {
      if (!p.inbox.empty() && p.inbox.front().arrival <= t) {  // arrives within the slack: take it now
        if (auto m = take_first(*this, p)) return m;
        continue;
      }
      return std::nullopt;
    }
    p.waiting = true;
    if (std::isfinite(t))
      p.wake->acquire_timeout(t - now());
    else
      p.wake->acquire();
    p.waiting = false;
  }
}

bool ControlPlane::registry_reachable(int from_host) const {
  return !registry_fault && reachable(from_host, registry_host);
}

void ControlPlane::registry_access(int from_host, bool write) {
  if (!registry_reachable(from_host)) {
    XBT_VERB("registry %s from host %d: unreachable", write ? "write" : "read", from_host);
    sg4::this_actor::sleep_for(spec.ping_timeout_s);
    throw RegistryUnavailable{};
  }
  sg4::this_actor::sleep_for(2 * message_s() + (write ? spec.registry_write_s : spec.registry_read_s));
  if (!registry_reachable(from_host)) {  // it went away meanwhile
    XBT_VERB("registry %s from host %d: lost during the access", write ? "write" : "read", from_host);
    throw RegistryUnavailable{};
  }
}

}  // namespace vsf::sim
