// The models' time to serve and CPU-seconds per request of a tier (see predictive_inputs.hpp).
#include "policy/predictive_inputs.hpp"

#include <algorithm>

namespace vsf {

double expected_time_to_serve(const Scenario& s, const VsfSpec& v, int tier, const HardwareProfile& hw,
                              const StorageArray& array) {
  const RoleBlueprint& role = s.models.roles.at(v.tiers.at(static_cast<size_t>(tier)).role);
  const double read_Bps = std::min(s.grid.san_switches.spec.port_bandwidth_Bps, array.read_Bps);
  const double image_s = role.boot_image_bytes > 0 && read_Bps > 0 ? role.boot_image_bytes / read_Bps : 0;
  return s.grid.vlan_switches.spec.reconfig_s + s.grid.san_switches.spec.reconfig_s + hw.post_s + image_s +
         role.os_init_s + (v.lb.enabled ? v.lb.reconfig_s : 0);
}

double cpu_s_per_request(const Models& models, const VsfSpec& v, int tier, const HardwareProfile& hw) {
  double visits = 1;
  for (int k = 1; k <= tier; ++k) visits *= v.tiers.at(static_cast<size_t>(k)).calls;
  const RoleBlueprint& role = models.roles.at(v.tiers.at(static_cast<size_t>(tier)).role);
  const double cpu_flops = hw.speed_flops * std::max(1, hw.cores);
  return cpu_flops > 0 ? visits * role.work_flops / cpu_flops : 0;
}

}  // namespace vsf
