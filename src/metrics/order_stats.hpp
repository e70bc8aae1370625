// summary.json's `orders`: what became of the scenario's provisioning orders by the end of the run (each
// step counted only if it happened before the end) and the lead time from order to serving.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "model/orders_spec.hpp"

namespace vsf {

class OrderStats {
 public:
  explicit OrderStats(const std::vector<Order>& orders) : orders_(orders), serving_s_(orders.size(), -1) {}
  // The order's VSF served for the first time (every tier with a serving CPU) at t; later calls are ignored.
  void serving(size_t order, double t);
  bool served(size_t order) const { return order < serving_s_.size() && serving_s_[order] >= 0; }
  nlohmann::ordered_json to_json(double end_s) const;

 private:
  std::vector<Order> orders_;
  std::vector<double> serving_s_;  // -1: not (yet) serving
};

}  // namespace vsf
