// The JSON spelling of every choice of the typed scenario: the loader accepts exactly these names, and
// events and messages print them.
#include "model/scenario.hpp"

namespace vsf {

const char* to_string(WorkDistribution d) {
  switch (d) {
    case WorkDistribution::Exponential:
      return "exponential";
    case WorkDistribution::Constant:
      return "constant";
  }
  return "?";
}

const char* to_string(SwitchKind k) {
  switch (k) {
    case SwitchKind::Vlan:
      return "vlan";
    case SwitchKind::San:
      return "san";
  }
  return "?";
}

const char* to_string(TrafficKind k) {
  switch (k) {
    case TrafficKind::Constant:
      return "constant";
    case TrafficKind::Steps:
      return "steps";
    case TrafficKind::Diurnal:
      return "diurnal";
    case TrafficKind::FlashCrowd:
      return "flash_crowd";
    case TrafficKind::Trace:
      return "trace";
  }
  return "?";
}

const char* to_string(TraceTimeFormat f) {
  switch (f) {
    case TraceTimeFormat::Seconds:
      return "seconds";
    case TraceTimeFormat::Iso8601:
      return "iso8601";
  }
  return "?";
}

const char* to_string(TraceValueKind k) {
  switch (k) {
    case TraceValueKind::Rate:
      return "rate";
    case TraceValueKind::Count:
      return "count";
  }
  return "?";
}

const char* to_string(PolicyType t) {
  switch (t) {
    case PolicyType::None:
      return "none";
    case PolicyType::Threshold:
      return "threshold";
    case PolicyType::TargetTracking:
      return "target_tracking";
    case PolicyType::Step:
      return "step";
    case PolicyType::Scheduled:
      return "scheduled";
    case PolicyType::Predictive:
      return "predictive";
  }
  return "?";
}

const char* to_string(PolicyMetric m) {
  switch (m) {
    case PolicyMetric::Utilization:
      return "utilization";
    case PolicyMetric::RequestsPerCpu:
      return "requests_per_cpu";
  }
  return "?";
}

const char* to_string(RateLimitType t) {
  switch (t) {
    case RateLimitType::Pods:
      return "pods";
    case RateLimitType::Percent:
      return "percent";
  }
  return "?";
}

const char* to_string(SelectPolicy s) {
  switch (s) {
    case SelectPolicy::Max:
      return "max";
    case SelectPolicy::Min:
      return "min";
    case SelectPolicy::Disabled:
      return "disabled";
  }
  return "?";
}

const char* to_string(AdjustmentType t) {
  switch (t) {
    case AdjustmentType::ChangeInCapacity:
      return "change_in_capacity";
    case AdjustmentType::PercentChangeInCapacity:
      return "percent_change_in_capacity";
  }
  return "?";
}

const char* to_string(Dispatch d) {
  switch (d) {
    case Dispatch::RoundRobin:
      return "round_robin";
    case Dispatch::LeastOutstanding:
      return "least_outstanding";
    case Dispatch::SharedQueue:
      return "shared_queue";
  }
  return "?";
}

const char* to_string(Fidelity f) {
  switch (f) {
    case Fidelity::Request:
      return "request";
    case Fidelity::Flow:
      return "flow";
  }
  return "?";
}

const char* to_string(AdminOp op) {
  switch (op) {
    case AdminOp::Add:
      return "add";
    case AdminOp::Remove:
      return "remove";
  }
  return "?";
}

const char* to_string(Quorum q) {
  switch (q) {
    case Quorum::Majority:
      return "majority";
    case Quorum::Count:
      return "count";
  }
  return "?";
}

const char* to_string(Reassign r) {
  switch (r) {
    case Reassign::Existing:
      return "existing";
    case Reassign::New:
      return "new";
    case Reassign::Auto:
      return "auto";
  }
  return "?";
}

const char* to_string(Lending l) {
  switch (l) {
    case Lending::Never:
      return "never";
    case Lending::WhenEmpty:
      return "when_empty";
    case Lending::ByCost:
      return "by_cost";
  }
  return "?";
}

const char* to_string(LentBoot b) {
  switch (b) {
    case LentBoot::Mirror:
      return "mirror";
    case LentBoot::BridgedSan:
      return "bridged_san";
  }
  return "?";
}

}  // namespace vsf
