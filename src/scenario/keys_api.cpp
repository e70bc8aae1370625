// The key tables of the customer API (issue 13 §3): one entry of the top-level `api_calls` and one of a VSF's
// `api_rules`. Docs are the schema's descriptions, word for word (a test checks it).
#include "scenario/key_tables.hpp"
#include "util/json_fields.hpp"

namespace vsf::scenario_keys {

using namespace keys;

const KeyTable& api_call() {
  static const KeyTable table = {
      {"at", duration(non_negative), required, none,
       "When the customer's application calls the control plane: a duration >= 0, before the end of the run. "
       "Required."},
      {"vsf", string(), required, none, "The VSF the call is for (a name of vsfs or of an order's VSF). Required."},
      {"tier", string(), optional, none, "The tier's role; absent: the VSF's first tier."},
      {"change", integer(-100000, 100000), required, none,
       "CPUs: +N asks for N more, -N releases N (the newest serving ones); an integer other than 0. Required."},
  };
  return table;
}

const KeyTable& api_rule() {
  static const KeyTable table = {
      {"tier", string(), optional, none, "The tier's role whose queue the rule watches; absent: the VSF's first tier."},
      {"queue_above", number(non_negative), optional, none,
       "Ask for `ask` more CPUs when the tier's queue (requests waiting at its CPUs) is above this. Absent: never "
       "asks."},
      {"ask", integer(1, 100000), optional, "1", "CPUs a call asks for when the queue is above queue_above."},
      {"queue_below", number(non_negative), optional, none,
       "Release `release` CPUs when the tier's queue is below this (less than queue_above). Absent: never "
       "releases."},
      {"release", integer(1, 100000), optional, "1", "CPUs a call releases when the queue is below queue_below."},
      {"interval", duration(positive), optional, "10s", "How often the application reads its queue: a duration > 0."},
      {"cooldown", duration(non_negative), optional, "60s",
       "Least time between two of the rule's calls: a duration >= 0."},
  };
  return table;
}

}  // namespace vsf::scenario_keys
