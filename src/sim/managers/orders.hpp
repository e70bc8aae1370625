// Provisioning orders in the run (issue 13 §1). Their review and credit-check steps were resolved before
// the run (scenario/orders_section.cpp); one actor on the fabric host (which never fails) replays them as
// events at their times: order_received, order_reviewed, order_credit_checked. An approved order's VSF is
// in the scenario's vsfs with start = the end of its credit check: its farm manager creates it then from
// the idle pool through the normal lifecycle if the pool holds it (order_pool_check: order_building, or
// order_waiting / order_refused), and order_serving follows when every tier of it first has a serving CPU
// (note_order_serving, called where availability is computed).
#pragma once

#include "sim/engine/world.hpp"

namespace vsf::sim {

void start_orders(World& w);

// `v` became available: the first time for an ordered VSF, its order_serving event (with the lead time).
void note_order_serving(World& w, const VsfRuntime& v);

// Called by the farm manager when `v` is due to be created: now() if it may be created now (a VSF given in
// vsfs, or an order the idle pool can hold: order_building); else when to look again (the next control
// `interval` while it waits, order_waiting the first time), or infinity once refused (order_refused).
double order_pool_check(World& w, const VsfRuntime& v, double interval);

}  // namespace vsf::sim
