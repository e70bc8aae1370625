// The typed scenario: what one experiment asks for, after parsing, unit conversion, model resolution
// and validation. Everything downstream (grid graph, platform, actors, metrics) reads only this. Plain
// data and enums with no JSON: the loader (src/scenario/) reads the document, checks it and returns
// the document beside the Scenario. All quantities are SI: seconds, bytes, bytes per second, flops
// (floating-point operations), watts, requests per second.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/actions_spec.hpp"
#include "model/control_plane_spec.hpp"
#include "model/customer_api_spec.hpp"
#include "model/faults_spec.hpp"
#include "model/grid_spec.hpp"
#include "model/models.hpp"
#include "model/orders_spec.hpp"
#include "model/traffic_spec.hpp"
#include "model/vsf_spec.hpp"

namespace vsf {

struct Outputs {
  double interval_s = 60;  // timeseries.csv row interval
  bool events = true;      // write events.jsonl
  bool timeseries = true;  // write timeseries.csv
  bool billing = true;     // write billing.csv (when a VSF has a plan)
};

// Flow fidelity's settings (the scenario's `flow` section).
struct FlowSettings {
  // Continuous traffic shapes (diurnal, flash crowd, trace) are taken piecewise constant over steps of
  // this length (their mean over the step); steps and constant traffic change exactly where they change.
  double resolution_s = 60;
};

struct Scenario {
  std::string file;  // as given on the command line
  std::string name;
  std::string description;
  uint64_t seed = 1;
  double duration_s = 3600;
  double traffic_scale = 1;               // factor on every VSF's traffic (times the VSF's own traffic_scale)
  Fidelity fidelity = Fidelity::Request;  // the default of vsfs[].fidelity (each VsfSpec holds its own)
  FlowSettings flow;
  Models models;
  Grid grid;
  std::vector<VsfSpec> vsfs;
  std::vector<AdminAction> actions;
  Outputs outputs;
  ControlPlaneSpec control;                // the `control_plane` section (defaults when absent)
  std::vector<ImageUpdate> image_updates;  // the `image_updates` section, sorted by at_s
  faults::FaultSpec faults;                // the `faults` section (empty when absent); see scenarios/README.md
  BillingSettings billing;                 // energy_price_per_kwh, currency
  ProvisioningSpec provisioning;           // the `provisioning` section (review, credit check)
  std::vector<Order> orders;               // the `orders` section, in its order, each resolved
  std::vector<ApiCall> api_calls;          // the `api_calls` section, sorted by at_s (issue 13 §3)
  GlobalManagerSpec global_manager;        // the `global_manager` section (issue 14); present only with sites
};

}  // namespace vsf
