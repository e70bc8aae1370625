// Resolving orders before the run (orders_section.cpp reads the explicit ones, order_arrivals_section.cpp
// generates more): each order's steps from its own stream (orders::order_stream, by its index in
// Scenario::orders), the VSFs built during the run, and the VSF ends that decommission orders set.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/scenario.hpp"
#include "scenario/sections.hpp"

namespace vsf::scenario_detail {

// Where each VSF an order may end is, by name: its index in Scenario::vsfs once the orders are read, or -1
// for an ordered VSF that is never built (rejected, credit failed, or ready after the end of the run).
using VsfIndex = std::map<std::string, int>;

// Create order `i` (o.at_s, its customer and plan already set, and `v` its VSF): its steps; if it is built
// during the run, `v` is appended to `ordered` (Scenario::vsfs gets `ordered` after the last order).
void resolve_create(Scenario& scenario, size_t i, Order& o, VsfSpec v, VsfIndex& index, std::vector<VsfSpec>& ordered);

// Decommission order `i` of VSF o.vsf (o.at_s set; o.customer set or empty: the VSF's): reviewed as a create
// order is (the same draws, so it shifts no other order), never rejected, not credit-checked; carried out at
// max(review end, the VSF's start), which becomes the VSF's end_s unless it ends earlier.
void resolve_decommission(Scenario& scenario, size_t i, Order& o, const VsfIndex& index, std::vector<VsfSpec>& ordered);

// The top-level `order_arrivals`: generated orders appended to Scenario::orders (and their VSFs to vsfs).
void read_order_arrivals(const Source& src, const json& value, const std::string& pointer, const std::string& base_dir,
                         Scenario& scenario, const Parsed& parsed, VsfIndex& index);

}  // namespace vsf::scenario_detail
