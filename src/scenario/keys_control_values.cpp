// The key table of a VSF's control_values (issue 13 §2): the customer's new min/max of a tier from a time on.
#include "scenario/key_tables.hpp"
#include "util/json_fields.hpp"

namespace vsf::scenario_keys {

using namespace keys;

const KeyTable& control_value() {
  static const KeyTable table = {
      {"at", duration(non_negative), required, none,
       "When the customer sets the values: a duration >= 0 from the start of the run. Required."},
      {"tier", string(), optional, none, "Role of the tier; may be omitted when the VSF has one tier."},
      {"min", integer(0, kMaxCount), optional, none,
       "The tier's new min (absent: unchanged): an integer 0 to 1000000."},
      {"max", integer(1, kMaxCount), optional, none,
       "The tier's new max (absent: unchanged): an integer 1 to 1000000."},
  };
  return table;
}

}  // namespace vsf::scenario_keys
