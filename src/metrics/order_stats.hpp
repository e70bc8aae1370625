// summary.json's `orders`: what became of the scenario's provisioning orders by the end of the run (each
// step counted only if it happened before the end) and the lead time from order to serving.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "model/orders_spec.hpp"

namespace vsf {

class OrderStats {
 public:
  explicit OrderStats(const std::vector<Order>& orders)
      : orders_(orders),
        serving_s_(orders.size(), -1),
        wait_s_(orders.size(), -1),
        refused_(orders.size(), false),
        decommission_(orders.size(), 0) {}
  // The order's VSF served for the first time (every tier with a serving CPU) at t; later calls are ignored.
  void serving(size_t order, double t);
  bool served(size_t order) const { return order < serving_s_.size() && serving_s_[order] >= 0; }
  // The order's VSF was created after waiting `pool_wait_s` for the idle pool (0: at once).
  void built(size_t order, double pool_wait_s);
  void refuse(size_t order);
  bool refused(size_t order) const { return order < refused_.size() && refused_[order]; }
  // A decommission order was carried out (true) or had nothing to end (false).
  void decommission(size_t order, bool carried_out);
  nlohmann::ordered_json to_json(double end_s) const;

 private:
  std::vector<Order> orders_;
  std::vector<double> serving_s_;  // -1: not (yet) serving
  std::vector<double> wait_s_;     // -1: not built
  std::vector<bool> refused_;
  std::vector<int> decommission_;  // 0: not (yet) carried out, 1: carried out, 2: nothing to end
};

}  // namespace vsf
