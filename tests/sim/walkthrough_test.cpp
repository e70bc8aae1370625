// The patent's worked example (Figs. 5-8, scenarios/patent-walkthrough.json) simulated end to end: VLAN
// and SAN-zone membership after each step, and CPU D never in two VSFs at once.
#include <catch2/catch.hpp>
#include <map>

#include "scenario/loader.hpp"
#include "sim_support.hpp"

TEST_CASE("the patent walkthrough moves D from VSF 1 to the idle pool to VSF 2 and never into two VSFs") {
  vsf::Scenario s = vsf::load_scenario(std::string(VSFSIM_SOURCE_DIR) + "/scenarios/patent-walkthrough.json").scenario;
  auto r = vsf::test::run(s);

  // Replay every CPU's memberships from the events; at every step each of its ports is in its owner's
  // VLAN/zone, the idle one, or (an LB's front NIC) the public VLAN.
  struct Where {
    std::string owner = "idle", front = "idle", back = "idle", zone = "idle";
  };
  std::map<std::string, Where> at;
  std::vector<std::string> d_owners;
  for (const auto& e : r.events) {
    if (!e.contains("cpu")) continue;
    const std::string type = e["type"], cpu = e["cpu"];
    Where& w = at[cpu];
    if (type == "cpu_allocated") w.owner = e["vsf"];
    if (type == "cpu_idle") w.owner = "idle";
    if (type == "vlan_join" || type == "vlan_leave") {
      w.front = e["vlan_front"];
      w.back = e["vlan_back"];
    }
    if (type == "zone_join" || type == "zone_leave") w.zone = e["zone"];
    INFO(e.dump());
    CHECK((w.front == w.owner || w.front == "idle" || w.front == "public"));
    CHECK((w.back == w.owner || w.back == "idle"));
    CHECK((w.zone == w.owner || w.zone == "idle"));
    if (cpu == "D" && (d_owners.empty() || d_owners.back() != w.owner)) d_owners.push_back(w.owner);
  }
  CHECK(d_owners == std::vector<std::string>{"idle", "vsf1", "idle", "vsf2"});

  // Figs. 6 and 8: A and E are the firewalls (front NIC public), B, C and F, G web servers.
  CHECK(at["A"].front == "public");
  CHECK(at["A"].back == "vsf1");
  CHECK(at["E"].front == "public");
  CHECK(at["E"].back == "vsf2");
  for (const char* c : {"B", "C"}) CHECK(at[c].zone == "vsf1");
  for (const char* c : {"F", "G", "D"}) CHECK(at[c].zone == "vsf2");
  CHECK(at["D"].front == "vsf2");
  // D booted VSF 2's image from the array holding VSF 2's volume (D2), not VSF 1's (D1).
  auto images = r.of("boot_image_set", "D");
  REQUIRE(images.size() == 2);
  CHECK(images[0]["array"] == "D1");
  CHECK(images[1]["array"] == "D2");
  CHECK(r.summary["grid"]["isolation_violations"] == 0);
}
