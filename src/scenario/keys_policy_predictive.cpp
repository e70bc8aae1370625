// The key table of a scaling policy of type "predictive". Docs are the schema's descriptions, word for word.
#include "scenario/key_tables.hpp"
#include "util/json_fields.hpp"

namespace vsf::scenario_keys {

using namespace keys;

const KeyTable& policy_predictive() {
  static const KeyTable table = {
      {"type", choice(), required, none,
       "\"predictive\": forecasts the offered rate one time to serve ahead and provisions each tier for it at the "
       "target utilization; reactive (target tracking) while the forecast is not trusted. Required."},
      {"interval", duration(positive), optional, "30s",
       "Control interval and forecast step: the farm manager observes and decides every interval, from the VSF's "
       "start. A duration > 0."},
      {"method", choice(), optional, "holt_winters",
       "Forecast: \"seasonal_naive\" (the rate one period earlier) or \"holt_winters\" (additive level, trend and "
       "season)."},
      {"period", duration(positive), optional, "1d",
       "The traffic's season: a whole number of intervals (at most 1000000)."},
      {"target", number(positive), required, none,
       "Utilization the forecast is provisioned at and the reactive rule tracks: a number in (0, 1]. Required."},
      {"alpha", number(positive), optional, "0.3", "Holt-Winters smoothing of the level: a number in (0, 1]."},
      {"beta", number(positive), optional, "0.05", "Holt-Winters smoothing of the trend: a number in (0, 1]."},
      {"gamma", number(positive), optional, "0.3", "Holt-Winters smoothing of the season: a number in (0, 1]."},
      {"max_error", number(0, 1000), optional, "0.25",
       "The policy is reactive while the forecast's WAPE over the last error_window forecasts exceeds it: a number "
       "0 to 1000."},
      {"error_window", integer(1, 100000), optional, "10",
       "How many of the latest forecasts (one per interval) the WAPE is taken over: 1 to 100000."},
      {"tolerance", number(0, 10), optional, "0.1",
       "The reactive rule makes no change while |utilization / target - 1| <= tolerance: a number 0 to 10."},
      {"stabilization_window", duration(non_negative), optional, "300s",
       "A scale-in goes only to the highest size wanted within this window (the newest included): a duration >= 0."},
      {"schedule", array(), optional, none,
       "Entries {\"tier\", \"at\" | \"daily\" | \"weekly\", \"min\", \"max\"} setting a tier's min and max over time; "
       "the bounds in force bound the policy's decisions. At most 200."},
      {"week_start_day", integer(1, 7), optional, "1",
       "Day of the week of the day that starts at t = 0, for weekly schedule entries: 1 (Monday) to 7."},
  };
  return table;
}

}  // namespace vsf::scenario_keys
