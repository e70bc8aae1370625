// Virtual Server Farms: each one's load balancer, tiers, scaling policy and offered traffic. SI units.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "model/traffic_spec.hpp"

namespace vsf {

enum class PolicyType { None, Threshold };
// Every value, in the order messages and the documentation list them.
inline constexpr std::array kPolicyTypes{PolicyType::None, PolicyType::Threshold};
const char* to_string(PolicyType t);  // the JSON spelling: "none", "threshold"

// How a tier's load balancer picks the server of a request (round robin, fewest outstanding requests, or
// one queue shared by the tier's cores).
enum class Dispatch { RoundRobin, LeastOutstanding, SharedQueue };
inline constexpr std::array kDispatches{Dispatch::RoundRobin, Dispatch::LeastOutstanding, Dispatch::SharedQueue};
const char* to_string(Dispatch d);  // "round_robin", "least_outstanding", "shared_queue"

// How a VSF's requests are simulated: one by one through SimGrid (exact, costly: one activity chain per
// request), or as a fluid whose tiers are queueing formulas between events (src/sim/dataplane/flow*.hpp).
enum class Fidelity { Request, Flow };
inline constexpr std::array kFidelities{Fidelity::Request, Fidelity::Flow};
const char* to_string(Fidelity f);  // "request", "flow"

struct PolicySpec {
  PolicyType type = PolicyType::None;
  double interval_s = 30;         // control interval of the farm manager
  double high = 0.75, low = 0.3;  // utilization thresholds
  double window_s = 60;           // how long the condition must hold
  int step = 1;                   // CPUs added or removed per decision
  double cooldown_s = 120;        // quiet time after a scaling action of the same tier
};

struct Tier {
  std::string role;  // key of Models::roles
  int initial = 1, min = 1, max = 1;
  std::vector<std::string> cpus;  // optional: initial CPUs by name
  Dispatch dispatch = Dispatch::RoundRobin;
  int calls = 1;  // requests into this tier per request into the previous one
};

struct LoadBalancer {
  bool enabled = true;
  std::string role = "lb";
  std::string cpu;        // optional: the LB's CPU by name
  double reconfig_s = 1;  // time to add or remove a server from the LB's set
};

// A policy-free demand for CPUs (vsfs[].cpu_demand): requests for one CPU of the VSF's first tier arrive
// as a Poisson process; each CPU granted joins, serves for an exponential hold, then is released. A request
// the idle pool cannot serve is lost, not retried: with no other scaling the idle pool is an Erlang loss
// system (README, Validation).
struct CpuDemand {
  double rate_per_s = 0;  // requests for one CPU per second
  double hold_s = 0;      // mean time a granted CPU serves before its release
};

struct VsfSpec {
  std::string name;
  // Where the loader read it ("/vsfs/3"), for messages; the copies of a group all have the group's pointer.
  std::string pointer;
  double start_s = 0;  // when the VSF is created; before that it does not exist
  bool warm = true;    // true: initial CPUs serve at start_s; false: they boot first
  LoadBalancer lb;
  std::vector<Tier> tiers;  // 1..3, in call order
  double sla_s = 0.5;       // response-time target (p95 over an output interval)
  double timeout_s = 30;    // a request not answered by then counts as timed out
  PolicySpec policy;
  double traffic_scale = 1;  // this VSF's factor on its traffic, as given; the rate is scaled by Scenario's too
  std::vector<TrafficComponent> traffic;
  Fidelity fidelity = Fidelity::Request;  // vsfs[].fidelity, else the scenario's `fidelity`
  std::optional<CpuDemand> cpu_demand;    // absent: no demand generator
};

}  // namespace vsf
