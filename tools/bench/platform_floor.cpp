// SimGrid's own memory per CPU, the floor under vsfsim's (README.md, Performance -> Grid size): a bare
// SimGrid program that builds N CPUs and runs one actor for 10 simulated minutes, nothing else. Peak
// RSS at two values of N gives the cost per CPU (`/usr/bin/time -v`, "Maximum resident set size").
//
// Shapes:
//  - `hosts`: one host per CPU in one star zone, no link, no energy plugin: SimGrid's cost per host;
//  - `vsfsim`: vsfsim's platform shape (src/sim/engine/platform.cpp) without vsfsim: per CPU a powered
//    host (energy properties) with a split-duplex NIC link routed over its VLAN switch's star zone, and
//    a passive HBA host (0 W properties) with a split-duplex SAN link over its SAN switch's star zone;
//    one VLAN and one SAN switch (a star zone with a FATPIPE backplane) per 1,000 CPUs under a full root
//    zone; CM02 network model, no guard pages, the energy plugin on;
//  - `bare-hba`: `vsfsim` with HBA hosts that carry no properties (the energy plugin reads a host
//    without them as 0 W): what two property maps per passive host cost;
//  - `one-host`: one powered host per CPU, on its SAN switch behind its SAN port link, and no LAN link:
//    the shape a CPU could take when no request-fidelity VSF can use its NIC (the HBA endpoint is the
//    CPU host itself).
//  - `one-host-plain`: `one-host` with a plain (one-direction-shared) SAN port link instead of a
//    split-duplex one: in a grid of flow-fidelity VSFs only the boot image crosses a CPU's port, one way.
//
// Usage: vsfsim_platform_floor N [hosts|vsfsim|bare-hba|one-host|one-host-plain]   (default vsfsim)
#include <simgrid/plugins/energy.h>

#include <cstdio>
#include <simgrid/s4u.hpp>
#include <string>
#include <vector>

namespace sg4 = simgrid::s4u;
using Dir = sg4::LinkInRoute::Direction;

namespace {

struct Switch {
  sg4::NetZone* zone;
  sg4::Link* backplane;
};

Switch make_switch(sg4::NetZone* root, const std::string& name) {
  auto* zone = sg4::create_star_zone(name);
  zone->set_parent(root);
  auto* bp = zone->create_link(name + ":backplane", 1.25e8)
                 ->set_sharing_policy(sg4::Link::SharingPolicy::FATPIPE)
                 ->set_latency(0)
                 ->seal();
  zone->create_router(name + ":core");
  return {zone, bp};
}

// A host on switch `sw` behind its own split-duplex port link.
// No `watts`: a host without energy properties.
// `plain`: a plain link (one bandwidth shared by both directions) instead.
sg4::Host* attached_host(const Switch& sw, const std::string& name, const char* watts, const char* off,
                         bool plain = false) {
  auto* host = sw.zone->create_host(name, 1e9);
  if (watts != nullptr) host->set_property("wattage_per_state", watts)->set_property("wattage_off", off);
  host->seal();
  sg4::Link* port = plain ? sw.zone->create_link("port:" + name, 1.25e8)
                          : static_cast<sg4::Link*>(sw.zone->create_split_duplex_link("port:" + name, 1.25e8));
  port->set_latency(5e-6)->seal();
  sw.zone->add_route(host->get_netpoint(), nullptr, nullptr, nullptr,
                     {{port, plain ? Dir::NONE : Dir::UP}, {sw.backplane, Dir::NONE}}, true);
  return host;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::stoi(argv[1]) < 1) {
    std::fprintf(stderr, "usage: vsfsim_platform_floor N [hosts|vsfsim|bare-hba|one-host|one-host-plain]\n");
    return 2;
  }
  const int n = std::stoi(argv[1]);
  const std::string shape = argc < 3 ? "vsfsim" : argv[2];
  if (shape != "hosts" && shape != "vsfsim" && shape != "bare-hba" && shape != "one-host" &&
      shape != "one-host-plain") {
    std::fprintf(stderr, "vsfsim_platform_floor: unknown shape '%s'\n", shape.c_str());
    return 2;
  }
  const bool vsfsim_shape = shape != "hosts";
  std::vector<std::string> args{argv[0], "--cfg=network/model:CM02", "--cfg=network/crosstraffic:0",
                                "--cfg=contexts/guard-size:0", "--log=root.thres:warning"};
  std::vector<char*> cargs;
  for (auto& a : args) cargs.push_back(a.data());
  int cargc = static_cast<int>(cargs.size());
  if (vsfsim_shape) sg_host_energy_plugin_init();
  sg4::Engine engine(&cargc, cargs.data());
  auto* root = sg4::create_full_zone("grid");
  sg4::Host* first = nullptr;
  if (!vsfsim_shape) {
    auto* zone = sg4::create_star_zone("hosts");
    zone->set_parent(root);
    for (int i = 0; i < n; ++i) {
      auto* h = zone->create_host("cpu:" + std::to_string(i), 1e9)->seal();
      if (first == nullptr) first = h;
    }
    zone->seal();
  } else {
    std::vector<Switch> lan, san;
    for (int k = 0; k < (n + 999) / 1000; ++k) {
      lan.push_back(make_switch(root, "vlan" + std::to_string(k)));
      san.push_back(make_switch(root, "san" + std::to_string(k)));
    }
    for (int i = 0; i < n; ++i) {
      const std::string name = "cpu-" + std::to_string(i);
      const auto k = static_cast<size_t>(i / 1000);
      sg4::Host* h = nullptr;
      if (shape == "one-host" || shape == "one-host-plain") {
        h = attached_host(san[k], "cpu:" + name, "100:100:200", "10", shape == "one-host-plain");
      } else {
        h = attached_host(lan[k], "cpu:" + name, "100:100:200", "10");
        const bool props = shape == "vsfsim";
        attached_host(san[k], "hba:" + name, props ? "0:0:0" : nullptr, props ? "0" : nullptr);
      }
      if (first == nullptr) first = h;
    }
    for (auto& sw : lan) sw.zone->seal();
    for (auto& sw : san) sw.zone->seal();
  }
  root->seal();
  sg4::Actor::create("idle", first, [] { sg4::this_actor::sleep_for(600); });
  engine.run();
  std::printf("cpus=%d shape=%s simulated_s=%.0f\n", n, shape.c_str(), sg4::Engine::get_clock());
  return 0;
}
