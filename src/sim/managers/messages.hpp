// The control plane's messages, one struct per message (src/sim/managers/: the control-plane actors).
// A manager's inbox holds ControlMessage, a variant of them; a receiver dispatches with std::visit to
// one handler per type, so a message type without a handler does not compile. Who sends what:
//   slave -> master       Ping, StatusReply, RestartConfirm, TakeoverDone, ScaleForward
//   master -> slave       Pong, StatusRequest, Takeover, ScaleGrant
//   farm manager -> slave ScaleRequest, Release, EvictLost
//   slave -> farm manager ScaleGrant (passed on from the master; the master's own farm managers get it
//                         directly)
// Slave and master ids are segment-manager slots (ControlPlane::slaves), farm managers are ids in
// ControlPlane::fms. Messages carry no pointers, so a message may outlive its sender.
#pragma once

#include <string>
#include <variant>
#include <vector>

namespace vsf::sim {

// Why a farm manager asks for CPUs: its policy decided a scale-out, it replaces CPUs its VSF lost, its
// VSF's cpu_demand asks for one (held for a while, then released: vsf_spec.hpp CpuDemand), its plan guarantees
// more CPUs than the tier has now (plan_enforcement.hpp), or the customer's application called the control
// plane API (customer_api.hpp).
enum class ScaleReason { Policy, Replace, Demand, Guarantee, Api };
inline const char* to_string(ScaleReason r) {
  switch (r) {
    case ScaleReason::Policy:
      return "policy";
    case ScaleReason::Replace:
      return "replace";
    case ScaleReason::Demand:
      return "demand";
    case ScaleReason::Guarantee:
      return "guarantee";
    case ScaleReason::Api:
      return "api";
  }
  return "policy";
}

// A slave's periodic liveness probe of the master it follows (Fig. 10).
struct Ping {
  int slave = -1;
  long nonce = 0;
};

// The answer to a Ping: `is_master` is false when the receiver no longer acts as master.
struct Pong {
  int slave = -1;  // the answering one
  long nonce = 0;
  int epoch = 0;  // the epoch it knows
  bool is_master = false;
};

// The master's health check of a slave (Fig. 12); it also tells the slave who the master is.
struct StatusRequest {
  int master = -1;
  long nonce = 0;
  int epoch = 0;
};

struct StatusReply {
  int slave = -1;
  long nonce = 0;
  int epoch = 0;
  int vsfs = 0;  // VSFs its farm managers run
};

// A restarted slave tells the master its restart worked.
struct RestartConfirm {
  int slave = -1;
};

// The master gave farm manager `fm` to the receiving slave (reassignment or rebalancing): start it.
struct Takeover {
  int master = -1;
  int fm = -1;
};

// The farm manager a Takeover asked for runs.
struct TakeoverDone {
  int slave = -1;
  int fm = -1;
};

// A farm manager asks its slave for `cpus` more CPUs for one tier of one of its VSFs.
struct ScaleRequest {
  int fm = -1;
  int vsf = -1;
  int tier = 0;
  int cpus = 0;
  double asked_at = 0;  // when the farm manager decided (the time-to-serve clock starts there)
  ScaleReason reason = ScaleReason::Policy;
};

// A slave passes a ScaleRequest on to the master, which arbitrates the idle pool.
struct ScaleForward {
  int slave = -1;
  ScaleRequest request;
};

// The master's answer to a ScaleRequest: the CPUs it allocated (possibly fewer than asked, or none).
struct ScaleGrant {
  int master = -1;
  int fm = -1;
  int vsf = -1;
  int tier = 0;
  double asked_at = 0;
  ScaleReason reason = ScaleReason::Policy;
  std::vector<int> cpus;
};

// A farm manager's scale-in: its slave releases these serving CPUs of the VSF (the reason of their
// cpu_released events: "policy", or "api" for a customer's call).
struct Release {
  int fm = -1;
  int vsf = -1;
  std::vector<int> cpus;
  ScaleReason reason = ScaleReason::Policy;
};

// A farm manager's eviction of CPUs its VSF lost to faults: its slave returns them to the idle pool.
struct EvictLost {
  int fm = -1;
  int vsf = -1;
  std::vector<int> cpus;
};

using ControlMessage = std::variant<Ping, Pong, StatusRequest, StatusReply, RestartConfirm, Takeover, TakeoverDone,
                                    ScaleRequest, ScaleForward, ScaleGrant, Release, EvictLost>;

// The message's name, for logs.
const char* message_name(const ControlMessage& m);

// An overload set from lambdas, for std::visit over a ControlMessage.
template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

}  // namespace vsf::sim
