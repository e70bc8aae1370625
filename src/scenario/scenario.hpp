// The typed scenario: what one experiment asks for, after parsing, unit conversion, model resolution
// and validation. Everything downstream (grid graph, platform, actors, metrics) reads only this; the
// JSON never leaves src/scenario/. All quantities are SI: seconds, bytes, bytes per second, flops
// (floating-point operations), watts, requests per second.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "faults/fault_spec.hpp"

namespace vsf {

// ---- models (files under models/, each citing its sources) ----

struct HardwareProfile {
  std::string name;
  double speed_flops = 1e9;  // per core
  int cores = 1;
  double post_s = 60;        // power-on self test, from power-on to the boot loader
  double shutdown_s = 10;    // orderly OS shutdown before power off
  double idle_w = 95;        // powered on, idle
  double peak_w = 200;       // all cores busy
  double off_w = 5;          // powered off (BMC, fans at rest)
};

struct RoleBlueprint {
  std::string name;                  // lb, web, app, db, or a user-defined role
  double boot_image_bytes = 0;       // read over the SAN at boot
  double os_init_s = 0;              // kernel and service start after the image is read
  double work_flops = 0;             // mean CPU work per request on a server of this role
  std::string work_distribution = "exponential";  // "exponential" or "constant"
  double san_bytes = 0;              // SAN I/O per request (read from the VSF's data volume)
  double request_bytes = 2048;       // bytes sent to a server of this role per request
  double response_bytes = 16384;     // bytes it sends back
  int queue_limit = 1000;            // waiting requests per server beyond its busy cores; more are dropped
};

struct SwitchProfile {
  std::string name;
  std::string kind;                  // "vlan" or "san"
  int ports = 48;
  double port_bandwidth_Bps = 125e6;
  double port_latency_s = 50e-6;
  double reconfig_s = 5;             // VLAN port membership change, or SAN zoning commit
  double backplane_Bps = 0;          // 0 = non-blocking (FATPIPE of the port bandwidth sum)
};

struct Models {
  std::vector<std::string> files;    // resolved paths, in the order given
  std::map<std::string, HardwareProfile> hardware;
  std::map<std::string, RoleBlueprint> roles;
  std::map<std::string, SwitchProfile> switches;
};

// ---- grid ----

struct CpuGroup {
  std::string profile;               // key of Models::hardware
  int count = 0;
  std::vector<std::string> names;    // optional explicit names (size == count); else "cpu-<index>"
};

struct SwitchSet {
  std::string profile;               // key of Models::switches
  int count = 1;                     // several switches of a kind form a mesh
  SwitchProfile spec;                // the profile with the scenario's overrides applied
};

struct StorageArray {
  std::string name;
  double read_Bps = 400e6;
  double write_Bps = 300e6;
  int ports = 1;                     // SAN ports of the array (bandwidth from the SAN switch profile)
};

struct Uplink {
  double bandwidth_Bps = 125e6;
  double latency_s = 0.01;
};

struct ControlPlane {
  int hosts = 1;
  std::string profile;               // key of Models::hardware
};

struct Grid {
  std::vector<CpuGroup> cpus;
  SwitchSet vlan_switches;
  SwitchSet san_switches;
  std::vector<StorageArray> storage;
  Uplink uplink;
  ControlPlane control_plane;
  int total_cpus() const {
    int n = 0;
    for (const auto& g : cpus) n += g.count;
    return n;
  }
};

// ---- traffic: the offered request rate of one VSF over time; components add up ----

struct TrafficStep { double at_s = 0; double rate = 0; };

struct TrafficComponent {
  std::string kind;                  // constant | steps | diurnal | flash_crowd | trace
  double rate = 0;                   // constant
  std::vector<TrafficStep> steps;    // steps: rate holds from each at_s to the next; 0 before the first
  double peak = 0, trough = 0, period_s = 86400, phase_s = 0;  // diurnal: peak at t = phase_s
  double start_s = 0, ramp_s = 0, decay_s = 0;  // flash_crowd: linear ramp to `peak`, exponential decay
  // trace: a CSV file
  std::string file;                  // resolved path
  std::string time_column, value_column;
  std::string time_format = "seconds";  // "seconds" or "iso8601"
  std::string value_kind = "rate";      // "rate" (requests/s) or "count" (requests per bucket)
  double bucket_s = 60;              // bucket length for counts
  double time_scale = 1;             // simulated seconds per trace second
  double rate_scale = 1;             // multiplies the rate
  bool loop = false;                 // repeat the trace when it ends
  std::vector<std::pair<double, double>> points;  // (t_s from trace start, rate), loaded and scaled
};

// ---- VSFs ----

struct PolicySpec {
  std::string type = "none";         // "none" or "threshold"
  double interval_s = 30;            // control interval of the farm manager
  double high = 0.75, low = 0.3;     // utilization thresholds
  double window_s = 60;              // how long the condition must hold
  int step = 1;                      // CPUs added or removed per decision
  double cooldown_s = 120;           // quiet time after a scaling action of the same tier
};

struct Tier {
  std::string role;                  // key of Models::roles
  int initial = 1, min = 1, max = 1;
  std::vector<std::string> cpus;     // optional: initial CPUs by name
  std::string dispatch = "round_robin";  // round_robin | least_outstanding | shared_queue
  int calls = 1;                     // requests into this tier per request into the previous one
};

struct LoadBalancer {
  bool enabled = true;
  std::string role = "lb";
  std::string cpu;                   // optional: the LB's CPU by name
  double reconfig_s = 1;             // time to add or remove a server from the LB's set
};

struct VsfSpec {
  std::string name;
  double start_s = 0;                // when the VSF is created; before that it does not exist
  bool warm = true;                  // true: initial CPUs serve at start_s; false: they boot first
  LoadBalancer lb;
  std::vector<Tier> tiers;           // 1..3, in call order
  double sla_s = 0.5;                // response-time target (p95 over an output interval)
  double timeout_s = 30;             // a request not answered by then counts as timed out
  PolicySpec policy;
  std::vector<TrafficComponent> traffic;
};

// ---- administrative actions (the patent's "privileged Web page"): scheduled CPU moves ----

struct AdminAction {
  double at_s = 0;
  std::string op;                    // "add" or "remove"
  std::string vsf;
  std::string tier;                  // role of the tier
  std::string cpu;                   // optional: which CPU (by name)
  int count = 1;
};

// ---- the control plane's behaviour (top-level "control_plane"; its hosts are grid.control_plane) ----
// Defaults and their reasons: scenarios/README.md, section "control_plane".

struct ControlPlaneSpec {
  int slaves = 0;                        // slave segment managers at start; 0 = one per control-plane host
  int vsfs_per_farm_manager = 1;         // VSFs one farm manager runs
  int max_vsfs_per_slave = 16;           // beyond this the master allocates another slave
  double health_check_interval_s = 10;   // master -> every slave: status request period
  double health_check_timeout_s = 2;     // no status reply by then: the slave failed this check
  double restart_timeout_s = 15;         // no restart confirmation by then: reassign its VSFs
  double manager_restart_s = 3;          // a manager process (re)start on a running host
  double ping_interval_s = 5;            // slave -> master ping period (also the slave's farm-manager check)
  double ping_timeout_s = 2;             // no ping reply by then: the slave suspects the master
  double freshness_s = 15;               // a slave whose registry timestamp is older does not vote
  std::string quorum = "majority";       // "majority" (of registered slaves) or "count"
  int quorum_count = 0;                  // votes needed when quorum == "count"
  double lease_s = 15;                   // a master without a quorum of replies for this long steps down;
                                         // a slave votes "dead" only after this long without contact
  std::string reassign = "auto";         // failed slave's VSFs go to: "existing" | "new" | "auto"
  double takeover_s = 2;                 // an existing slave starting a farm manager for a reassigned VSF
  double host_boot_s = 90;               // a powered-off control-plane host to running (POST + OS)
  double registry_read_s = 0.002;        // one registry read (database on the private SAN zone)
  double registry_write_s = 0.01;        // one registry write (committed to the SAN volume)
  double message_bytes = 1024;           // one control message on the control-plane LAN
  bool power_off_idle_hosts = true;      // master powers off control-plane hosts that run no manager
  std::string registry_host = "cp0";     // the control-plane host that runs the registry database
};

// A new boot-image version of a role, published at `at_s`: every farm manager rolls the role's CPUs
// through reboots onto it, at most max_unavailable of a tier's serving CPUs rebooting at once.
struct ImageUpdate {
  double at_s = 0;
  std::string role;
  std::string version;
  double max_unavailable = 0.25;         // fraction of the tier's serving CPUs (at least one CPU)
  std::string pointer;                   // "/image_updates/0", for events
};

struct Outputs {
  double interval_s = 60;            // timeseries.csv row interval
  bool events = true;                // write events.jsonl
  bool timeseries = true;            // write timeseries.csv
};

struct Scenario {
  std::string file;                  // as given on the command line
  std::string name;
  std::string description;
  uint64_t seed = 1;
  double duration_s = 3600;
  Models models;
  Grid grid;
  std::vector<VsfSpec> vsfs;
  std::vector<AdminAction> actions;
  Outputs outputs;
  ControlPlaneSpec control;          // the `control_plane` section (defaults when absent)
  std::vector<ImageUpdate> image_updates;  // the `image_updates` section, sorted by at_s
  faults::FaultSpec faults;          // the `faults` section (empty when absent); see scenarios/README.md
  nlohmann::json document;           // the effective JSON after --set overrides (echoed in results)
};

}  // namespace vsf
