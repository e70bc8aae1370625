// The key table of one of a VSF's shadow_policies (shadow mode: evaluated, logged, never applied). Docs are the
// schema's descriptions, word for word (a test checks it).
#include "scenario/key_tables.hpp"
#include "util/json_fields.hpp"

namespace vsf::scenario_keys {

using namespace keys;

const KeyTable& shadow_policy() {
  static const KeyTable table = {
      {"name", string(), optional, none,
       "The shadow's name in shadow_decision events and the summary: 1 to 64 letters, digits, '_', '-' or '.', unique "
       "within the VSF; default: the policy's type, then TYPE-2, TYPE-3, ... for the next shadows of that type."},
      {"policy", object(), required, none,
       "A scaling policy, as the VSF's policy (any type); its interval, if given, must equal the VSF's control "
       "interval (policy.interval), at which every shadow is evaluated. Required."},
  };
  return table;
}

}  // namespace vsf::scenario_keys
