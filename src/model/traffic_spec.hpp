// The offered request rate of one VSF over time, as components that add up (the scenario's "traffic").
#pragma once

#include <array>
#include <string>
#include <utility>
#include <vector>

namespace vsf {

enum class TrafficKind { Constant, Steps, Diurnal, FlashCrowd, Trace };
// Every value, in the order messages and the documentation list them.
inline constexpr std::array kTrafficKinds{TrafficKind::Constant, TrafficKind::Steps, TrafficKind::Diurnal,
                                          TrafficKind::FlashCrowd, TrafficKind::Trace};
const char* to_string(TrafficKind k);  // the JSON spelling: "constant", "steps", "diurnal", "flash_crowd", "trace"

// How a trace's time column is written.
enum class TraceTimeFormat { Seconds, Iso8601 };
inline constexpr std::array kTraceTimeFormats{TraceTimeFormat::Seconds, TraceTimeFormat::Iso8601};
const char* to_string(TraceTimeFormat f);  // "seconds", "iso8601"

// What a trace's value column counts.
enum class TraceValueKind { Rate, Count };
inline constexpr std::array kTraceValueKinds{TraceValueKind::Rate, TraceValueKind::Count};
const char* to_string(TraceValueKind k);  // "rate", "count"

struct TrafficStep {
  double at_s = 0;
  double rate = 0;
};

struct TrafficComponent {
  TrafficKind kind = TrafficKind::Constant;
  double rate = 0;                 // constant
  std::vector<TrafficStep> steps;  // steps: rate holds from each at_s to the next; 0 before the first
  double peak = 0, trough = 0, period_s = 86400, phase_s = 0;  // diurnal: peak at t = phase_s
  // diurnal week: days of 24 h (whatever period_s), 7 to a week; the day that starts at t = week_shift_s is
  // day week_start_day of its week (1 = Monday), and on days 6 and 7 the rate is multiplied by weekend_scale.
  double weekend_scale = 1;
  int week_start_day = 1;
  double week_shift_s = 0;  // 0 as written; a group copy's drawn phase (vsf_groups.cpp) moves its weeks
  double start_s = 0, ramp_s = 0, decay_s = 0;  // flash_crowd: linear ramp to `peak`, exponential decay
  // trace: a CSV file
  std::string file;  // resolved path
  std::string time_column, value_column;
  TraceTimeFormat time_format = TraceTimeFormat::Seconds;
  TraceValueKind value_kind = TraceValueKind::Rate;  // Rate: requests/s; Count: requests per bucket
  double bucket_s = 60;                              // bucket length for counts
  double time_scale = 1;                             // simulated seconds per trace second
  double rate_scale = 1;                             // multiplies the rate
  bool loop = false;                                 // repeat the trace when it ends
  std::vector<std::pair<double, double>> points;     // (t_s from trace start, rate), loaded and scaled
  // Simulated time of the trace's time 0: 0 as written; a group copy's drawn phase (vsf_groups.cpp). A looped
  // trace continues backwards before it, so that a shifted copy's traffic is periodic from t = 0 too.
  double offset_s = 0;
  // The VSF's effective traffic_scale (the scenario's times the VSF's), set by the loader: RateFunction
  // multiplies this component's rate, bound and integral by it, whatever the type (so rate_scale and
  // time_scale of a trace act first).
  double scale = 1;
};

}  // namespace vsf
