// Several data centres in one scenario (issue 14; patent "A wide area computing grid", Figs. 13 and 18):
// `sites`, each a grid of its own with its own control plane, the `wan` links between them, and the global
// grid manager that collects each segment's figures and brokers loans of idle CPUs across the WAN.
//
// The loader merges the sites' grids into the one Grid the rest of the simulator reads (grid_spec.hpp):
// site k's CPUs, switches, arrays and control-plane hosts are consecutive index ranges, recorded here. A
// scenario without `sites` has no SiteSpec at all and runs exactly as before (its goldens do not change);
// code that needs a site for such a grid treats the whole grid as site 0.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "model/models.hpp"

namespace vsf {

struct Uplink;

// Index ranges [first, first + count) into the merged grid's lists.
struct IndexRange {
  int first = 0;
  int count = 0;
  bool contains(int i) const { return i >= first && i < first + count; }
};

struct SiteSpec {
  std::string name;
  std::string pointer;                  // "/sites/2", for messages
  IndexRange cpus;                      // CpuIds
  IndexRange vlan_switches;             // VLAN switch indices (a chain inside the site)
  IndexRange san_switches;              // SAN switch indices
  IndexRange arrays;                    // storage array indices (Grid::storage)
  IndexRange control_hosts;             // control-plane host indices (Platform::control)
  SwitchProfile vlan, san;              // this site's switch profiles, overrides applied
  double uplink_bandwidth_Bps = 125e6;  // the site's own Internet uplink
  double uplink_latency_s = 0.01;
  std::string control_profile;  // its grid.control_plane.profile (its control hosts' power); "" = the merged grid's
  double cpu_hour_cost = 0;     // what one hour of this site's CPU costs (lending by_cost; currency of billing)
};

// A WAN link between two sites' core switches (VLAN switch `first` of each site). It carries the VLANs
// extended over the WAN (and the SAN when the global manager bridges it), shared by everything that crosses.
struct WanLink {
  std::string name;  // "<site a>-<site b>" (the fault target name)
  std::string pointer;
  int a = 0, b = 0;  // site indices, a < b
  double bandwidth_Bps = 1.25e9;
  double latency_s = 0.03;  // one way
  double cost_per_gb = 0;   // lending by_cost: price of data crossing it
};

// When a segment short of idle CPUs asks the global grid manager for another centre's.
enum class Lending {
  Never,      // no loans
  WhenEmpty,  // only the part of a request the local idle pool cannot meet
  ByCost,     // every scale-out goes where a CPU-hour (plus the WAN's price) is cheapest, local included
};
const char* to_string(Lending l);  // "never", "when_empty", "by_cost"
inline constexpr std::array kLendings{Lending::Never, Lending::WhenEmpty, Lending::ByCost};

// Where a lent CPU's boot image (and its VSF's data) comes from.
enum class LentBoot {
  Mirror,      // a mirrored copy on an array of the lender's site: boots as fast as a local CPU
  BridgedSan,  // the VSF's own array over the SAN bridged across the WAN: boot and data cross the WAN
};
const char* to_string(LentBoot b);  // "mirror", "bridged_san"
inline constexpr std::array kLentBoots{LentBoot::Mirror, LentBoot::BridgedSan};

struct GlobalManagerSpec {
  bool present = false;                  // the scenario has a `global_manager`
  int site = 0;                          // the site whose host runs it
  double interval_s = 60;                // collection of each segment's loading, capacity, fault and billing figures
  Lending lending = Lending::WhenEmpty;  // global_manager.lending's default (no loans without a global_manager)
  LentBoot lent_boot = LentBoot::Mirror;
  std::string profile;  // hardware profile of its host (its power draw); "" = a passive host
};

}  // namespace vsf
