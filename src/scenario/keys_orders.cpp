// The key tables of provisioning orders (issue 13 §1): the `provisioning` settings, their review_hours,
// and one entry of `orders`. Docs are the schema's descriptions, word for word (a test checks it).
#include "scenario/key_tables.hpp"
#include "util/json_fields.hpp"

namespace vsf::scenario_keys {

using namespace keys;

const KeyTable& provisioning() {
  static const KeyTable table = {
      {"review", custom(), optional, "0s",
       "Working time reviewers spend on an order: a duration or a distribution (as a fault's repair)."},
      {"review_hours", object(), optional, none,
       "When reviewers work ({\"from\": \"09:00\", \"to\": \"17:00\", \"weekdays_only\": true}); a review only "
       "advances within these hours. Absent: around the clock."},
      {"reject_probability", number(0, 1), optional, "0", "Probability that a review rejects the order: 0 to 1."},
      {"credit_check", custom(), optional, "0s",
       "Time the credit check takes after an approved review, around the clock: a duration or a distribution."},
      {"credit_fail_probability", number(0, 1), optional, "0",
       "Probability that the customer's credit check fails: 0 to 1."},
      {"when_pool_short", choice(), optional, "wait",
       "When the idle pool cannot hold an approved order's initial CPUs: \"wait\" (checked again every control "
       "interval until it can, or until max_wait) or \"refuse\"."},
      {"max_wait", duration(positive), optional, none,
       "With \"wait\": the longest an order waits for the pool before it is refused; absent: no limit."},
  };
  return table;
}

const KeyTable& review_hours() {
  static const KeyTable table = {
      {"from", string(), required, none,
       "Start of the working day, \"HH:MM\" (time 0 of the run is a Monday 00:00). Required."},
      {"to", string(), required, none, "End of the working day, \"HH:MM\", after from (at most \"24:00\"). Required."},
      {"weekdays_only", boolean(), optional, "false", "true: reviewers work Monday to Friday only."},
  };
  return table;
}

const KeyTable& order() {
  static const KeyTable table = {
      {"at", duration(non_negative), required, none,
       "When the customer places the order: a duration >= 0, before the end of the run. Required."},
      {"customer", string(), optional, none, "Who ordered (and is billed); absent: the VSF's customer, else its name."},
      {"plan", string(), optional, none,
       "The service plan (a key of a models file's plans); absent: the VSF's plan. Not with decommission."},
      {"vsf", object(), optional, none,
       "The VSF ordered, as an entry of vsfs but for start (it is created when its order is built), end and count; "
       "its name must differ from every other VSF's. Exactly one of vsf and decommission."},
      {"decommission", string(), optional, none,
       "The name of a VSF to end (one of vsfs, or built by an earlier order): reviewed like a create order (never "
       "rejected, no credit check), then carried out at the later of the review's end and the VSF's start. Exactly "
       "one of vsf and decommission."},
  };
  return table;
}

}  // namespace vsf::scenario_keys
