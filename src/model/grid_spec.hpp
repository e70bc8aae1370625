// The physical grid a scenario asks for: CPU groups, the VLAN and SAN switches (a profile with the
// scenario's overrides), storage arrays, the Internet uplink and the control-plane hosts. SI units.
#pragma once

#include <string>
#include <vector>

#include "model/models.hpp"
#include "model/sites_spec.hpp"

namespace vsf {

struct CpuGroup {
  std::string profile;  // key of Models::hardware
  int count = 0;
  std::vector<std::string> names;  // optional explicit names (size == count); else "cpu-<index>"
  int site = 0;                    // index into Grid::sites (0 when the scenario has no `sites`)
};

struct SwitchSet {
  std::string profile;  // key of Models::switches
  int count = 1;        // several switches of a kind form a mesh
  SwitchProfile spec;   // the profile with the scenario's overrides applied
};

struct StorageArray {
  std::string name;
  double read_Bps = 400e6;
  double write_Bps = 300e6;
  int ports = 1;  // SAN ports of the array (bandwidth from the SAN switch profile)
};

struct Uplink {
  double bandwidth_Bps = 125e6;
  double latency_s = 0.01;
};

struct ControlPlane {
  int hosts = 1;
  std::string profile;  // key of Models::hardware
};

struct Grid {
  std::vector<CpuGroup> cpus;
  SwitchSet vlan_switches;
  SwitchSet san_switches;
  std::vector<StorageArray> storage;
  Uplink uplink;
  ControlPlane control_plane;
  // Multi-site scenarios only (issue 14): the sites' index ranges into the lists above and the WAN links.
  // Empty for a single-site scenario. With sites, vlan_switches/san_switches hold the total counts and
  // the first site's profiles; each site's own profiles are in SiteSpec.
  std::vector<SiteSpec> sites;
  std::vector<WanLink> wan;
  int site_count() const { return sites.empty() ? 1 : static_cast<int>(sites.size()); }
  int total_cpus() const {
    int n = 0;
    for (const auto& g : cpus) n += g.count;
    return n;
  }
};

}  // namespace vsf
