// Builds the SimGrid platform from the grid model, in C++.
//
// Zones. The root is a full zone "grid" whose children are one star zone per switch: "vlan<k>" for each
// VLAN switch and "san<k>" for each SAN switch. A star zone's centre is the switch; every host attached
// to it reaches the centre over its port link (and the switch's backplane link, for a switch with a
// finite backplane), and hosts on different switches also cross the trunk links between their switches
// (the grid model's: a chain of VLAN switches, a full mesh of SAN switches, so a SAN transfer crosses one
// trunk at most; root routes between the zones, through a router "<zone>:core" standing for each
// switch). The LAN and SAN are disjoint: no route joins a vlan zone to a
// san zone, so SAN traffic can never use a CPU's LAN NIC.
//
// Pieces (every name has a prefix per kind, so no user-chosen name can collide with another):
//  - "cpu:<name>" (LAN side): speed per core and cores of its hardware profile; energy properties
//    wattage_per_state "idle:idle:peak" (SimGrid's Idle:Epsilon:AllCores, linear in loaded cores) and
//    wattage_off; one split-duplex NIC link "lan:<name>" (VLAN port bandwidth/latency). A CPU has two
//    NICs in the patent; both are modelled by this one link (one port bandwidth each way).
//  - "hba:<name>": the same CPU's SAN endpoint, with link "san:<name>" (SAN port bandwidth/latency).
//    Boot images and per-request SAN I/O travel array -> hba:<name>.
//  - "array:<name>": a storage array with a disk (read/write bandwidth) behind one link
//    "san-array:<name>" of ports x SAN port bandwidth (the array's ports as one aggregate).
//  - backplanes "<zone>:backplane", only for a switch whose profile gives a finite `backplane` bandwidth: a
//    shared link of that bandwidth, which every route through the switch crosses. A non-blocking switch
//    (backplane absent or 0) has none: a link that never limits a transfer would still be a constraint in
//    SimGrid's max-min solver, joining every transfer through the switch (and, over the trunks, the
//    whole fabric) into one system that each transfer's start or end solves again; at 100,000 CPUs
//    that solver took 96 % of the run. A switch fault therefore turns off the switch's port links and
//    trunks (Platform::vlan_ports / san_ports), never a backplane.
//  - "net:internet" (the clients) behind "uplink" (split-duplex) on the uplink's VLAN switch.
//  - control-plane hosts "control:<name>" (link "lan-control:<name>") on VLAN switch 0, with their
//    hardware profile's power draw (summary control_plane.energy_j; with sites, each host its own site's
//    grid.control_plane.profile); their messages take a fixed LAN time (control_plane.hpp) rather than
//    flowing over these links.
//  - "control:fabric": a passive host with no link, where lifecycle actors run. It stands for the
//    agents of the switches, the storage and the CPUs' management ports, which carry out a commanded
//    reconfiguration, power cycle or boot on their own; it never fails (control-plane hosts may).
// Sites (issue 14): each switch zone, and the port links of the CPUs, arrays and control hosts on it, take
// its site's switch profiles; each site has its clients "net:internet:<site>" behind "uplink:<site>" on its
// first VLAN switch, and its control hosts on that switch; trunks join each site's switches; each WAN link
// is one split-duplex link "wan:<name>" (its bandwidth and one-way latency, UP from the lower site index)
// between the two sites' first VLAN switches, and also between their first SAN switches when the global
// manager bridges the SAN: the LAN and SAN routes across it share that one link's bandwidth.
// Without request-fidelity VSFs (Platform::cpu_lan false), nothing crosses a CPU's NIC (flow fidelity
// times its messages from the route) and only boot images cross its SAN port, one way. A CPU is then
// one powered host "cpu:<name>" on its SAN switch behind a plain link "san:<name>" (one direction's
// bandwidth), which is its HBA endpoint too: 2.45 KiB of SimGrid per CPU instead of 6.3 (two hosts, two
// split-duplex links; tools/bench/vsfsim_platform_floor, shapes one-host-plain and bare-hba). Its LAN
// messages are timed between two stand-ins per VLAN switch, "lan-stand-in:vlan<k>:src|dst", whose port
// links are twins of its CPUs' NICs ("lan-stand-in-port:vlan<k>:src|dst"): the same links, latencies and
// bandwidths in the same order, so the same times to the bit (Platform::lan_end).
// Other non-CPU hosts (but a stand-in control host, whose energy is read) carry no energy properties,
// which SimGrid's energy plugin reads as 0 W (it warns for each: engine_config.cpp silences that): two
// property strings on each of the 100,000 HBA hosts of a 100,000-CPU grid cost 0.4 KiB per CPU
// (tools/bench/vsfsim_platform_floor, shapes vsfsim and bare-hba). The grid's energy counts the CPUs only.
#include "sim/engine/platform.hpp"

#include <fmt/format.h>
#include <simgrid/plugins/energy.h>
#include <xbt/log.h>

#include <algorithm>
#include <array>
#include <map>
#include <simgrid/s4u.hpp>

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_platform, vsf_engine, "vsfsim platform: SimGrid hosts, links and zones");

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

namespace {

using Dir = sg4::LinkInRoute::Direction;

struct SwitchZones {
  // Owns the port links (not the switch zone whose routes use them: SimGrid links are global). SimGrid
  // checks a new link's name against every zone, a map search per zone; with the 400,000 port links of
  // 100,000 CPUs spread over 70 switch zones, that was a tenth of the set-up. In the root zone, where
  // the search starts, each check meets one big map and empty ones.
  sg4::NetZone* link_owner = nullptr;
  std::vector<sg4::NetZone*> zone;
  std::vector<sg4::Link*> backplane;  // nullptr: non-blocking
  std::vector<simgrid::kernel::routing::NetPoint*> core;
  std::vector<std::vector<PortLink>> ports;  // by switch: every port link attached to it
};

// `spec`: each switch's profile (its site's).
SwitchZones make_switch_zones(sg4::NetZone* root, const std::string& prefix,
                              const std::vector<const SwitchProfile*>& spec) {
  SwitchZones z;
  z.link_owner = root;
  const int count = static_cast<int>(spec.size());
  for (int k = 0; k < count; ++k) {
    std::string name = fmt::format("{}{}", prefix, k);
    auto* zone = sg4::create_star_zone(name);
    zone->set_parent(root);
    sg4::Link* bp = nullptr;
    if (spec[k]->backplane_Bps > 0)
      bp = zone->create_link(name + ":backplane", spec[k]->backplane_Bps)->set_latency(0)->seal();
    z.zone.push_back(zone);
    z.backplane.push_back(bp);
    z.core.push_back(zone->create_router(name + ":core"));
  }
  z.ports.resize(static_cast<size_t>(count));
  return z;
}

// Each switch's profile: the grid's, or with sites its site's.
std::vector<const SwitchProfile*> switch_profiles(const Scenario& scenario, const grid::GridModel& grid, bool san) {
  const int n = san ? grid.san_switch_count() : grid.vlan_switch_count();
  const auto& sites = scenario.grid.sites;
  std::vector<const SwitchProfile*> out;
  for (int k = 0; k < n; ++k) {
    if (sites.empty()) {
      out.push_back(san ? &scenario.grid.san_switches.spec : &scenario.grid.vlan_switches.spec);
    } else {
      const SiteSpec& site = sites[static_cast<size_t>(grid.site_of_switch(san, k))];
      out.push_back(san ? &site.san : &site.vlan);
    }
  }
  return out;
}

// A split-duplex link as a fault turns it off: both directions.
PortLink both_ways(sg4::SplitDuplexLink* link) { return {link->get_link_up(), link->get_link_down()}; }

// Attaches `host` to switch k: [port, backplane if any] towards the centre, the reverse from it. `port`:
// a split-duplex link's UP direction, or a plain link (NONE); `held`: what a fault of the switch turns off.
void attach(SwitchZones& z, int k, sg4::Host* host, sg4::LinkInRoute port, PortLink held) {
  std::vector<sg4::LinkInRoute> route{port};
  if (z.backplane[k] != nullptr) route.emplace_back(z.backplane[k], Dir::NONE);
  z.zone[k]->add_route(host->get_netpoint(), nullptr, nullptr, nullptr, route, true);
  z.ports[k].push_back(held);
}

void attach(SwitchZones& z, int k, sg4::Host* host, sg4::SplitDuplexLink* port) {
  attach(z, k, host, {port, Dir::UP}, both_ways(port));
}

// Split-duplex link with its latency, sealed, still typed as split-duplex (faults need both directions).
sg4::SplitDuplexLink* duplex(sg4::NetZone* zone, const std::string& name, double bandwidth, double latency) {
  sg4::SplitDuplexLink* link = zone->create_split_duplex_link(name, bandwidth);
  link->set_latency(latency)->seal();
  return link;
}

// Root routes between every pair of switch zones of one kind, over the trunks on the grid model's paths
// (GridModel::switch_path: a chain of VLAN switches and a full mesh of SAN switches per site, joined by WAN
// links; any graph works). Between two switches a path takes the first trunk in list order that joins them.
// `wans`: parallel to the grid's trunks, the WanLink index of a trunk that is a WAN link (its link in
// `wan_links`), else -1 (a trunk link of its first switch's profile). Returns the trunks at each switch.
std::vector<std::vector<sg4::SplitDuplexLink*>> route_trunks(sg4::NetZone* root, const SwitchZones& z,
                                                             const grid::GridModel& grid, bool san,
                                                             const std::vector<sg4::SplitDuplexLink*>& wan_links,
                                                             const std::vector<const SwitchProfile*>& spec) {
  const std::string prefix = san ? "san" : "vlan";
  const std::vector<std::pair<int, int>> trunks = san ? grid.san_trunks() : grid.vlan_trunks();
  const std::vector<int> wans = grid.trunk_wans(san);
  const int n = static_cast<int>(z.zone.size());
  std::vector<std::vector<sg4::SplitDuplexLink*>> at(n);
  if (n < 2) return at;
  std::map<std::pair<int, int>, sg4::Link*> first_link;  // (low, high) switch -> its first trunk, oriented low->high
  for (size_t i = 0; i < trunks.size(); ++i) {
    const auto [a, b] = trunks[i];
    const int wan = i < wans.size() ? wans[i] : -1;
    sg4::SplitDuplexLink* link = wan >= 0 ? wan_links[static_cast<size_t>(wan)]
                                          : duplex(root, fmt::format("{}-trunk:{}-{}", prefix, a, b),
                                                   spec[static_cast<size_t>(a)]->port_bandwidth_Bps,
                                                   spec[static_cast<size_t>(a)]->port_latency_s);
    at[a].push_back(link);
    at[b].push_back(link);
    first_link.emplace(std::minmax(a, b), link);
  }
  for (int src = 0; src < n; ++src)
    for (int dst = src + 1; dst < n; ++dst) {
      const std::vector<int> hops = grid.switch_path(san, src, dst);  // dst ... src
      if (hops.size() < 2) continue;  // not connected: no route (the grid model never does this)
      std::vector<sg4::LinkInRoute> path;
      for (size_t k = hops.size() - 1; k > 0; --k) {
        const int u = hops[k], v = hops[k - 1];
        // A split-duplex link's UP direction is low index -> high index.
        path.emplace_back(first_link.at(std::minmax(u, v)), u < v ? Dir::UP : Dir::DOWN);
      }
      root->add_route(z.zone[src]->get_netpoint(), z.zone[dst]->get_netpoint(), z.core[src], z.core[dst], path, true);
    }
  return at;
}

// `metered`: 0 W energy properties, for a host whose energy is read (SimGrid's plugin refuses to report
// the energy of a host without them).
sg4::Host* passive_host(sg4::NetZone* zone, const std::string& name, bool metered = false) {
  sg4::Host* host = zone->create_host(name, 1e9);
  if (metered) host->set_property("wattage_per_state", "0:0:0")->set_property("wattage_off", "0");
  return host->seal();
}

// A host with the hardware profile's speed, cores and power draw.
sg4::Host* powered_host(sg4::NetZone* zone, const std::string& name, const HardwareProfile& hw) {
  return zone->create_host(name, hw.speed_flops)
      ->set_core_count(hw.cores)
      ->set_property("wattage_per_state", fmt::format("{}:{}:{}", hw.idle_w, hw.idle_w, hw.peak_w))
      ->set_property("wattage_off", fmt::format("{}", hw.off_w))
      ->seal();
}

// Each CPU: its host and NIC on its VLAN switch, its HBA endpoint and port on its SAN switch; without
// p.cpu_lan, one host on its SAN switch behind a plain port, and the VLAN switches' stand-ins.
void add_cpus(Platform& p, const Scenario& scenario, const grid::GridModel& grid, SwitchZones& lan, SwitchZones& sanz,
              const std::vector<const SwitchProfile*>& vlan_spec, const std::vector<const SwitchProfile*>& san_spec) {
  const int ncpu = grid.cpu_count();
  p.cpu.resize(ncpu);
  p.hba.resize(ncpu);
  p.lan_port.resize(ncpu);
  p.san_port.resize(ncpu);
  if (!p.cpu_lan) {
    for (size_t k = 0; k < vlan_spec.size(); ++k) {
      std::array<sg4::Host*, 2> ends{};
      for (int e = 0; e < 2; ++e) {
        const std::string end = fmt::format("vlan{}:{}", k, e == 0 ? "src" : "dst");
        ends[e] = passive_host(lan.zone[k], "lan-stand-in:" + end);
        attach(lan, static_cast<int>(k), ends[e],
               duplex(lan.link_owner, "lan-stand-in-port:" + end, vlan_spec[k]->port_bandwidth_Bps,
                      vlan_spec[k]->port_latency_s));
      }
      p.lan_stand_in.emplace_back(ends[0], ends[1]);  // sized once: CPU hosts point into it (lan_end)
    }
  }
  for (grid::CpuId id = 0; id < ncpu; ++id) {
    const grid::CpuInfo& info = grid.cpu(id);
    const SwitchProfile& vlan = *vlan_spec[static_cast<size_t>(info.vlan_switch)];
    const SwitchProfile& san = *san_spec[static_cast<size_t>(info.san_switch)];
    const HardwareProfile& hw = scenario.models.hardware.at(info.profile);
    auto* san_zone = sanz.zone[info.san_switch];
    if (!p.cpu_lan) {
      auto* host = powered_host(san_zone, "cpu:" + info.name, hw);
      host->set_data(&p.lan_stand_in[static_cast<size_t>(info.vlan_switch)]);
      sg4::Link* port = sanz.link_owner->create_link("san:" + info.name, san.port_bandwidth_Bps)
                            ->set_latency(san.port_latency_s)
                            ->seal();
      p.san_port[id] = {port, nullptr};
      attach(sanz, info.san_switch, host, {port, Dir::NONE}, p.san_port[id]);
      p.cpu[id] = p.hba[id] = host;
      continue;
    }
    auto* host = powered_host(lan.zone[info.vlan_switch], "cpu:" + info.name, hw);
    auto* nic = duplex(lan.link_owner, "lan:" + info.name, vlan.port_bandwidth_Bps, vlan.port_latency_s);
    attach(lan, info.vlan_switch, host, nic);
    p.cpu[id] = host;
    p.lan_port[id] = both_ways(nic);

    auto* hba = passive_host(san_zone, "hba:" + info.name);
    auto* port = duplex(sanz.link_owner, "san:" + info.name, san.port_bandwidth_Bps, san.port_latency_s);
    attach(sanz, info.san_switch, hba, port);
    p.hba[id] = hba;
    p.san_port[id] = both_ways(port);
  }
}

// Whether any VSF runs in request fidelity (its requests cross CPUs' NICs as SimGrid transfers).
bool any_request_fidelity(const Scenario& scenario) {
  for (const VsfSpec& v : scenario.vsfs)
    if (v.fidelity == Fidelity::Request) return true;
  return false;
}

// Each storage array: its SAN endpoint, the link of its ports, its disk.
void add_storage(Platform& p, const grid::GridModel& grid, SwitchZones& sanz,
                 const std::vector<const SwitchProfile*>& san_spec) {
  for (const grid::StorageInfo& s : grid.storage()) {
    const SwitchProfile& san = *san_spec[static_cast<size_t>(s.san_switch)];
    auto* zone = sanz.zone[s.san_switch];
    auto* host = passive_host(zone, "array:" + s.name);
    auto* ports =
        duplex(sanz.link_owner, "san-array:" + s.name, san.port_bandwidth_Bps * s.spec->ports, san.port_latency_s);
    attach(sanz, s.san_switch, host, ports);
    p.storage.push_back(host);
    p.array_link.push_back(ports);
    p.disk.push_back(host->create_disk("disk:" + s.name, s.spec->read_Bps, s.spec->write_Bps)->seal());
  }
}

// The clients behind the uplink, the control-plane hosts and the fabric host, all on the LAN. With sites,
// per site: its clients and uplink, and its control hosts on its first VLAN switch.
void add_uplink_and_control(Platform& p, const Scenario& scenario, const grid::GridModel& grid, SwitchZones& lan,
                            const std::vector<const SwitchProfile*>& vlan_spec) {
  const auto& sites = scenario.grid.sites;
  for (int site = 0; site < grid.site_count(); ++site) {
    const int up_sw = grid.uplink_vlan_switch(site);
    const bool named = !sites.empty();
    const std::string suffix = named ? ":" + sites[static_cast<size_t>(site)].name : "";
    const double bw =
        named ? sites[static_cast<size_t>(site)].uplink_bandwidth_Bps : scenario.grid.uplink.bandwidth_Bps;
    const double lat = named ? sites[static_cast<size_t>(site)].uplink_latency_s : scenario.grid.uplink.latency_s;
    auto* internet = passive_host(lan.zone[up_sw], "net:internet" + suffix);
    auto* uplink = duplex(lan.link_owner, "uplink" + suffix, bw, lat);
    attach(lan, up_sw, internet, uplink);
    p.internet_of_site.push_back(internet);
    p.uplink_of_site.push_back(uplink);
  }
  p.internet = p.internet_of_site.front();
  p.uplink = p.uplink_of_site.front();

  const std::vector<std::string>& names = grid.control_hosts();
  for (size_t h = 0; h < names.size(); ++h) {
    int sw = 0;
    std::string profile = scenario.grid.control_plane.profile;
    for (const SiteSpec& site : sites) {
      if (!site.control_hosts.contains(static_cast<int>(h))) continue;
      sw = site.vlan_switches.first;
      if (!site.control_profile.empty()) profile = site.control_profile;  // each site's hosts draw its own power
    }
    const SwitchProfile& vlan = *vlan_spec[static_cast<size_t>(sw)];
    const auto hw = scenario.models.hardware.find(profile);
    auto* host = powered_host(lan.zone[sw], "control:" + names[h],
                              hw != scenario.models.hardware.end() ? hw->second : HardwareProfile{});
    auto* nic = duplex(lan.link_owner, "lan-control:" + names[h], vlan.port_bandwidth_Bps, vlan.port_latency_s);
    attach(lan, sw, host, nic);
    p.control.push_back(host);
  }
  if (p.control.empty()) p.control.push_back(passive_host(lan.zone[0], "control:default", true));
  p.fabric = passive_host(lan.zone[0], "control:fabric");  // no route: it runs actors, never sends
  if (const auto& gm = scenario.global_manager;
      gm.present && !scenario.grid.sites.empty())  // no route: it sends no bytes
    p.global_manager =
        scenario.models.hardware.count(gm.profile)
            ? powered_host(lan.zone[0], "control:global-manager", scenario.models.hardware.at(gm.profile))
            : passive_host(lan.zone[0], "control:global-manager", true);
}

}  // namespace

const sg4::Host* Platform::lan_end(const sg4::Host* h, bool dst) const {
  if (cpu_lan || h == nullptr) return h;
  const auto* ends = h->get_data<std::pair<sg4::Host*, sg4::Host*>>();
  if (ends == nullptr) return h;  // not a CPU: on the LAN itself
  return dst ? ends->second : ends->first;
}

Platform build_platform(const Scenario& scenario, const grid::GridModel& grid) {
  sg_host_energy_plugin_init();
  Platform p;
  p.cpu_lan = any_request_fidelity(scenario);
  const std::vector<const SwitchProfile*> vlan = switch_profiles(scenario, grid, false);
  const std::vector<const SwitchProfile*> san = switch_profiles(scenario, grid, true);

  auto* root = sg4::create_full_zone("grid");
  SwitchZones lan = make_switch_zones(root, "vlan", vlan);
  SwitchZones sanz = make_switch_zones(root, "san", san);
  add_cpus(p, scenario, grid, lan, sanz, vlan, san);
  add_storage(p, grid, sanz, san);
  add_uplink_and_control(p, scenario, grid, lan, vlan);
  for (const WanLink& w : scenario.grid.wan)
    p.wan.push_back(duplex(root, "wan:" + w.name, w.bandwidth_Bps, w.latency_s));

  for (auto* z : lan.zone) z->seal();
  for (auto* z : sanz.zone) z->seal();
  p.vlan_trunks = route_trunks(root, lan, grid, false, p.wan, vlan);
  p.san_trunks = route_trunks(root, sanz, grid, true, p.wan, san);
  p.vlan_backplane = lan.backplane;
  p.san_backplane = sanz.backplane;
  p.vlan_ports = std::move(lan.ports);
  p.san_ports = std::move(sanz.ports);
  root->seal();
  XBT_VERB("platform: %zu CPUs, %zu arrays, %zu control hosts, %d VLAN and %d SAN switches", p.cpu.size(),
           p.storage.size(), p.control.size(), grid.vlan_switch_count(), grid.san_switch_count());
  return p;
}

}  // namespace vsf::sim
