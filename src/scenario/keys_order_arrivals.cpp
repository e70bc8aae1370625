// The key tables of order arrival processes (issue 13 §1): one entry of `order_arrivals` and one of its
// templates. Docs are the schema's descriptions, word for word (a test checks it).
#include "scenario/key_tables.hpp"
#include "util/json_fields.hpp"

namespace vsf::scenario_keys {

using namespace keys;

const KeyTable& order_arrival() {
  static const KeyTable table = {
      {"process", string(), optional, none,
       "\"poisson\": orders arrive as a Poisson process of rate between from and to. Exactly one of process and "
       "csv."},
      {"rate", custom(), optional, none,
       "With process: orders per hour (a number > 0) or a rate such as \"3/h\" or \"1/min\". Required with process."},
      {"from", duration(non_negative), optional, "0s", "With process: when arrivals begin."},
      {"to", duration(positive), optional, none, "With process: when arrivals end; after from. Absent: the run's end."},
      {"csv", string(), optional, none,
       "A CSV file (beside the scenario) with a column \"at\" of order times (durations, or seconds); times at or "
       "beyond the run's end are left out. Exactly one of process and csv."},
      {"templates", array(), required, none,
       "What is ordered: at least one template; each order draws one with probability weight / sum of weights. "
       "Required."},
  };
  return table;
}

const KeyTable& arrival_template() {
  static const KeyTable table = {
      {"weight", number(positive), optional, "1", "Relative frequency of this template: a number > 0."},
      {"vsf", object(), required, none,
       "The VSF ordered, as an order's vsf; the k-th order of this template builds NAME-k. Required."},
      {"customer", string(), optional, none,
       "Who orders every VSF of this template; absent: the k-th order's customer is the VSF's customer (else its "
       "name) with -k."},
      {"plan", string(), optional, none, "The service plan (a key of a models file's plans); absent: the VSF's plan."},
      {"lifetime", custom(), optional, none,
       "How long the customer keeps the VSF: a duration or a distribution (as a fault's repair), from its order's "
       "approval (when it may be built); "
       "then a decommission order is placed. Absent: kept."},
      {"vary", object(), optional, none,
       "Draws for each order's VSF, as a VSF group's vary (traffic phase and scale, tier sizes): each order of the "
       "template gets its own. Absent: every order's VSF is the template's."},
  };
  return table;
}

}  // namespace vsf::scenario_keys
