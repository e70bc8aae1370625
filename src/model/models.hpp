// The model files (models/, each citing its sources): hardware profiles, role blueprints, switch
// profiles and service plans, by name. SI units.
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include "model/plan_spec.hpp"

namespace vsf {

// How the CPU work of one request is drawn around the role's mean.
enum class WorkDistribution { Exponential, Constant };
// Every value, in the order messages and the documentation list them.
inline constexpr std::array kWorkDistributions{WorkDistribution::Exponential, WorkDistribution::Constant};
const char* to_string(WorkDistribution d);  // the JSON spelling: "exponential", "constant"

enum class SwitchKind { Vlan, San };
inline constexpr std::array kSwitchKinds{SwitchKind::Vlan, SwitchKind::San};
const char* to_string(SwitchKind k);  // "vlan", "san"

struct HardwareProfile {
  std::string name;
  double speed_flops = 1e9;  // per core
  int cores = 1;
  double post_s = 60;      // power-on self test, from power-on to the boot loader
  double shutdown_s = 10;  // orderly OS shutdown before power off
  double idle_w = 95;      // powered on, idle
  double peak_w = 200;     // all cores busy
  double off_w = 5;        // powered off (BMC, fans at rest)
};

struct RoleBlueprint {
  std::string name;             // lb, web, app, db, or a user-defined role
  double boot_image_bytes = 0;  // read over the SAN at boot
  double os_init_s = 0;         // kernel and service start after the image is read
  double work_flops = 0;        // mean CPU work per request on a server of this role
  WorkDistribution work_distribution = WorkDistribution::Exponential;
  double san_bytes = 0;           // SAN I/O per request (read from the VSF's data volume)
  double request_bytes = 2048;    // bytes sent to a server of this role per request
  double response_bytes = 16384;  // bytes it sends back
  int queue_limit = 1000;         // waiting requests per server beyond its busy cores; more are dropped
};

struct SwitchProfile {
  std::string name;
  SwitchKind kind = SwitchKind::Vlan;  // required in a model file
  int ports = 48;
  double port_bandwidth_Bps = 125e6;
  double port_latency_s = 50e-6;
  double reconfig_s = 5;     // VLAN port membership change, or SAN zoning commit
  double backplane_Bps = 0;  // 0 = non-blocking (FATPIPE of the port bandwidth sum)
};

struct Models {
  std::vector<std::string> files;  // resolved paths, in the order given
  std::map<std::string, HardwareProfile> hardware;
  std::map<std::string, RoleBlueprint> roles;
  std::map<std::string, SwitchProfile> switches;
  std::map<std::string, ServicePlan> plans;
};

}  // namespace vsf
