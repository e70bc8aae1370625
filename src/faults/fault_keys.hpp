// The key tables of the "faults" section: the section, a group and its members, an event, a process,
// and each type of distribution. Events and processes accept a subset of their table that depends on
// their "kind"; the table is the complete list.
#pragma once

#include "util/key_table.hpp"

namespace vsf::faults::fault_keys {
const KeyTable& section();
const KeyTable& group();
const KeyTable& members();
const KeyTable& event();
const KeyTable& process();
const KeyTable& exponential();
const KeyTable& weibull();
const KeyTable& constant();
const KeyTable& csv();
}  // namespace vsf::faults::fault_keys
