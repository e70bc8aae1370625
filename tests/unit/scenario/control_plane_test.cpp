// The `control_plane` and `image_updates` sections through the loader: defaults when absent, typed values
// and units, every cross check (with its JSON pointer, reported together with the file's other errors),
// and the fault model's slave slots following control_plane.slaves.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "load_errors.hpp"
#include "scenario/fault_targets_of.hpp"
#include "scenario/loader.hpp"
#include "util/errors.hpp"

using namespace vsf;
using nlohmann::json;
using test::has;
using test::join;

namespace {

const std::string kFile = std::string(VSFSIM_SOURCE_DIR) + "/scenarios/inline-test.json";

// Three control-plane hosts; "shop" has web and app tiers, "blog" a web tier; no VSF has a db tier.
json base_doc() {
  return json::parse(R"({
    "name": "t", "duration": "1d",
    "models": ["../models/hardware.json", "../models/roles.json", "../models/switches.json"],
    "grid": {"cpus": 20, "storage": [{"name": "array0"}], "control_plane": {"hosts": 3}},
    "vsfs": [{"name": "shop", "tiers": [{"role": "web", "initial": 2}, {"role": "app", "initial": 2}],
              "traffic": {"type": "constant", "rate": 10}},
             {"name": "blog", "tiers": [{"role": "web", "initial": 1}], "traffic": {"type": "constant", "rate": 5}}]
  })");
}

json with_cp(const json& cp) {
  json doc = base_doc();
  doc["control_plane"] = cp;
  return doc;
}

std::vector<std::string> errors_of(const json& doc) { return test::load_errors(kFile, doc); }

}  // namespace

// Field-by-field equality with a default-constructed spec: the documented defaults live in
// model/control_plane_spec.hpp (and scenarios/README.md); what is tested here is that an absent or empty
// section changes none of them.
static void check_defaults(const ControlPlaneSpec& c) {
  const ControlPlaneSpec d;
  CHECK(c.slaves == d.slaves);
  CHECK(c.vsfs_per_farm_manager == d.vsfs_per_farm_manager);
  CHECK(c.max_vsfs_per_slave == d.max_vsfs_per_slave);
  CHECK(c.health_check_interval_s == d.health_check_interval_s);
  CHECK(c.health_check_timeout_s == d.health_check_timeout_s);
  CHECK(c.restart_timeout_s == d.restart_timeout_s);
  CHECK(c.manager_restart_s == d.manager_restart_s);
  CHECK(c.ping_interval_s == d.ping_interval_s);
  CHECK(c.ping_timeout_s == d.ping_timeout_s);
  CHECK(c.freshness_s == d.freshness_s);
  CHECK(c.quorum == d.quorum);
  CHECK(c.quorum_count == d.quorum_count);
  CHECK(c.lease_s == d.lease_s);
  CHECK(c.reassign == d.reassign);
  CHECK(c.takeover_s == d.takeover_s);
  CHECK(c.host_boot_s == d.host_boot_s);
  CHECK(c.registry_read_s == d.registry_read_s);
  CHECK(c.registry_write_s == d.registry_write_s);
  CHECK(c.message_bytes == d.message_bytes);
  CHECK(c.power_off_idle_hosts == d.power_off_idle_hosts);
  CHECK(c.registry_host == d.registry_host);
}

TEST_CASE("without the sections the control plane has its defaults, and they pass the checks",
          "[scenario][control_plane]") {
  // The defaults themselves satisfy every cross check (a scenario without the section must load).
  const Scenario s = load_scenario_json(kFile, base_doc().dump()).scenario;
  check_defaults(s.control);
  CHECK(s.control.slaves == 0);
  CHECK(s.control.quorum == Quorum::Majority);
  CHECK(s.control.registry_host == "cp0");
  CHECK(s.image_updates.empty());
  check_defaults(load_scenario_json(kFile, with_cp(json::object()).dump()).scenario.control);
}

TEST_CASE("every control_plane key is read, with units converted to SI", "[scenario][control_plane]") {
  const json cp = json::parse(R"({
    "slaves": 5, "vsfs_per_farm_manager": 2, "max_vsfs_per_slave": 4,
    "health_check_interval": "1min", "health_check_timeout": "500ms", "restart_timeout": "45s",
    "manager_restart": "1.5s", "ping_interval": "3s", "ping_timeout": "250ms", "freshness": "9s",
    "quorum": 2, "lease": "0.1min", "reassign": "new", "takeover": "4s", "host_boot": "2min",
    "registry_read": "1ms", "registry_write": "20ms", "message_size": "4KiB",
    "power_off_idle_hosts": false, "registry_host": "cp2"
  })");
  const Scenario s = load_scenario_json(kFile, with_cp(cp).dump()).scenario;
  const ControlPlaneSpec& c = s.control;
  CHECK(c.slaves == 5);
  CHECK(c.vsfs_per_farm_manager == 2);
  CHECK(c.max_vsfs_per_slave == 4);
  CHECK(c.health_check_interval_s == 60);
  CHECK(c.health_check_timeout_s == 0.5);
  CHECK(c.restart_timeout_s == 45);
  CHECK(c.manager_restart_s == 1.5);
  CHECK(c.ping_interval_s == 3);
  CHECK(c.ping_timeout_s == 0.25);
  CHECK(c.freshness_s == 9);
  CHECK(c.quorum == Quorum::Count);
  CHECK(c.quorum_count == 2);
  CHECK(c.lease_s == Approx(6));
  CHECK(c.reassign == Reassign::New);
  CHECK(c.takeover_s == 4);
  CHECK(c.host_boot_s == 120);
  CHECK(c.registry_read_s == Approx(0.001));
  CHECK(c.registry_write_s == Approx(0.02));
  CHECK(c.message_bytes == 4096);
  CHECK_FALSE(c.power_off_idle_hosts);
  CHECK(c.registry_host == "cp2");
}

TEST_CASE("quorum is \"majority\" or a positive count", "[scenario][control_plane]") {
  const Scenario m = load_scenario_json(kFile, with_cp({{"quorum", "majority"}}).dump()).scenario;
  CHECK(m.control.quorum == Quorum::Majority);
  CHECK(m.control.quorum_count == 0);
  // slaves 0 = one per control-plane host (3): a count of 3 is the most there can be.
  const Scenario c = load_scenario_json(kFile, with_cp({{"quorum", 3}}).dump()).scenario;
  CHECK(c.control.quorum == Quorum::Count);
  CHECK(c.control.quorum_count == 3);

  auto errors = errors_of(with_cp({{"quorum", "majorty"}}));
  INFO(join(errors));
  CHECK(has(errors,
            "/control_plane/quorum: expected one of \"majority\", found \"majorty\"; did you mean \"majority\"?"));
  errors = errors_of(with_cp({{"quorum", 0}}));
  CHECK(has(errors, "/control_plane/quorum: expected an integer between 1 and"));
  errors = errors_of(with_cp({{"quorum", 1.5}}));
  CHECK(has(errors, "/control_plane/quorum: expected an integer between 1 and"));
  errors = errors_of(with_cp({{"quorum", true}}));
  CHECK(has(errors, "/control_plane/quorum: expected \"majority\" or a number of votes (an integer >= 1), found true"));
}

TEST_CASE("a quorum count cannot exceed the slaves", "[scenario][control_plane]") {
  auto errors = errors_of(with_cp({{"quorum", 4}}));
  INFO(join(errors));
  REQUIRE(errors.size() == 1);
  CHECK(has(errors,
            "/control_plane/quorum: quorum (4 votes) must be between 1 and the number of slave segment "
            "managers (3, one per control-plane host since slaves is 0)"));
  errors = errors_of(with_cp({{"quorum", 4}, {"slaves", 2}}));
  CHECK(has(errors,
            "/control_plane/quorum: quorum (4 votes) must be between 1 and the number of slave segment "
            "managers (2): with fewer slaves no election could ever succeed"));
  CHECK(errors_of(with_cp({{"quorum", 4}, {"slaves", 4}})).empty());
}

TEST_CASE("timeouts must be shorter than their periods", "[scenario][control_plane]") {
  auto errors = errors_of(with_cp({{"health_check_timeout", "10s"}, {"health_check_interval", "10s"}}));
  INFO(join(errors));
  REQUIRE(errors.size() == 1);
  CHECK(has(errors,
            "/control_plane/health_check_timeout: health_check_timeout (10 s) must be shorter than "
            "health_check_interval (10 s)"));
  // Reported where the user wrote the value: here only the interval was changed (the default timeout is
  // longer than a millisecond).
  errors = errors_of(with_cp({{"health_check_interval", "1ms"}}));
  CHECK(has(errors, "/control_plane/health_check_interval: health_check_timeout ("));
  CHECK(has(errors, "must be shorter than health_check_interval (0.001 s)"));
  errors = errors_of(with_cp({{"ping_interval", "5s"}, {"ping_timeout", "6s"}, {"lease", "1min"}}));
  CHECK(has(errors, "/control_plane/ping_timeout: ping_timeout (6 s) must be shorter than ping_interval (5 s)"));
  CHECK(errors.size() == 1);
  CHECK(errors_of(with_cp({{"ping_interval", "5s"}, {"ping_timeout", "4.9s"}, {"lease", "1min"}})).empty());
  // Zero is not a timeout.
  errors = errors_of(with_cp({{"ping_timeout", 0}}));
  CHECK(has(errors, "/control_plane/ping_timeout: expected a positive duration"));
  CHECK(errors.size() == 1);  // no follow-up comparison with a broken value
}

TEST_CASE("the lease outlasts a ping timeout, and freshness a ping interval", "[scenario][control_plane]") {
  auto errors = errors_of(with_cp({{"ping_timeout", "2s"}, {"lease", "2s"}}));
  INFO(join(errors));
  REQUIRE(errors.size() == 1);
  CHECK(has(errors, "/control_plane/lease: lease (2 s) must be longer than ping_timeout (2 s)"));
  CHECK(errors_of(with_cp({{"ping_timeout", "2s"}, {"lease", "2.5s"}})).empty());

  errors = errors_of(with_cp({{"freshness", "4s"}, {"ping_interval", "5s"}}));
  REQUIRE(errors.size() == 1);
  CHECK(has(errors, "/control_plane/freshness: freshness (4 s) must be at least ping_interval (5 s)"));
  CHECK(has(errors, "no slave would ever be fresh"));
  errors = errors_of(with_cp({{"ping_interval", "1h"}}));  // longer than the default freshness
  CHECK(has(errors, "/control_plane/ping_interval: freshness ("));
  CHECK(has(errors, "must be at least ping_interval (3600 s)"));
  CHECK(errors_of(with_cp({{"freshness", "5s"}, {"ping_interval", "5s"}})).empty());
}

TEST_CASE("farm manager and slave capacities", "[scenario][control_plane]") {
  auto errors = errors_of(with_cp({{"vsfs_per_farm_manager", 100000}}));  // above the default per slave
  INFO(join(errors));
  REQUIRE(errors.size() == 1);
  CHECK(has(errors, "/control_plane/vsfs_per_farm_manager: max_vsfs_per_slave ("));
  CHECK(has(errors, "must be at least vsfs_per_farm_manager (100000)"));
  errors = errors_of(with_cp({{"vsfs_per_farm_manager", 3}, {"max_vsfs_per_slave", 2}}));
  CHECK(has(errors,
            "/control_plane/max_vsfs_per_slave: max_vsfs_per_slave (2) must be at least "
            "vsfs_per_farm_manager (3)"));
  errors = errors_of(with_cp({{"vsfs_per_farm_manager", 0}, {"slaves", -1}}));
  CHECK(has(errors, "/control_plane/vsfs_per_farm_manager: expected an integer between 1 and"));
  CHECK(has(errors, "/control_plane/slaves: expected an integer between 0 and"));
  CHECK(errors.size() == 2);
}

TEST_CASE("the registry runs on an existing control-plane host", "[scenario][control_plane]") {
  auto errors = errors_of(with_cp({{"registry_host", "cp3"}}));
  INFO(join(errors));
  REQUIRE(errors.size() == 1);
  CHECK(has(errors, "/control_plane/registry_host: no control-plane host named \"cp3\""));
  CHECK(has(errors, "the grid has 3 (\"cp0\" to \"cp2\", see grid.control_plane.hosts)"));
  errors = errors_of(with_cp({{"registry_host", "cpp1"}}));
  CHECK(has(errors, "did you mean \"cp1\"?"));
  // With a broken host count the name cannot be judged: only the grid's error.
  json doc = with_cp({{"registry_host", "cp9"}});
  doc["grid"]["control_plane"]["hosts"] = 0;
  errors = errors_of(doc);
  REQUIRE(errors.size() == 1);
  CHECK(has(errors, "/grid/control_plane/hosts: "));
}

TEST_CASE("bad control_plane values are reported together, with pointers", "[scenario][control_plane]") {
  json cp = {{"heath_check_interval", "10s"}, {"reassign", "newest"},      {"message_size", "1s"},
             {"registry_read", "-1ms"},       {"power_off_idle_hosts", 1}, {"restart_timeout", "0s"}};
  json doc = with_cp(cp);
  doc["outputs"] = {{"interval", "5MB"}};  // an unrelated error elsewhere
  const auto errors = errors_of(doc);
  INFO(join(errors));
  CHECK(has(errors,
            "/control_plane/heath_check_interval: unknown key \"heath_check_interval\" in the control plane "
            "settings; did you mean \"health_check_interval\"?"));
  CHECK(has(errors, "/control_plane/reassign: expected one of \"existing\", \"new\", \"auto\", found \"newest\""));
  CHECK(has(errors, "/control_plane/message_size: expected a size"));
  CHECK(has(errors, "/control_plane/registry_read: expected a duration >= 0"));
  CHECK(has(errors, "/control_plane/power_off_idle_hosts: expected true or false, found 1"));
  CHECK(has(errors, "/control_plane/restart_timeout: expected a positive duration"));
  CHECK(has(errors, "/outputs/interval: expected a duration"));
  CHECK(errors.size() == 7);
  CHECK(has(errors_of(with_cp(json::array())), "/control_plane: expected the control plane settings"));
}

TEST_CASE("fault targets have control_plane.slaves slave slots", "[scenario][control_plane][faults]") {
  CHECK(fault_targets_of(load_scenario_json(kFile, base_doc().dump()).scenario).slaves == 3);  // one per host
  const Scenario s = load_scenario_json(kFile, with_cp({{"slaves", 5}}).dump()).scenario;
  const faults::FaultTargets t = fault_targets_of(s);
  CHECK(t.slaves == 5);
  CHECK(t.names(faults::FaultKind::Manager, faults::ManagerRole::Slave).back() == "slave4");

  // A fault naming slave4 is fine with 5 slaves and refused with the default (3).
  json doc = with_cp({{"slaves", 5}});
  doc["faults"] = json::parse(R"({"events": [{"at": "1h", "kind": "manager", "manager": "slave",
                                              "target": "slave4", "repair": "1min"}]})");
  CHECK(errors_of(doc).empty());
  doc.erase("control_plane");
  auto errors = errors_of(doc);
  INFO(join(errors));
  CHECK(has(errors, "/faults/events/0/target: no slave segment manager named \"slave4\""));
  // A broken slave count: the fault's target cannot be judged, only the count's error is reported.
  doc["control_plane"] = {{"slaves", "five"}};
  errors = errors_of(doc);
  REQUIRE(errors.size() == 1);
  CHECK(has(errors, "/control_plane/slaves: expected an integer"));
}

TEST_CASE("image updates are read, defaulted and sorted by time", "[scenario][image_updates]") {
  json doc = base_doc();
  doc["image_updates"] = json::parse(R"([
    {"at": "2h", "role": "web", "version": "v3"},
    {"at": "30min", "role": "app", "version": "v2", "max_unavailable": 0.5},
    {"at": "2h", "role": "app", "version": "v3", "max_unavailable": 1}
  ])");
  const Scenario s = load_scenario_json(kFile, doc.dump()).scenario;
  REQUIRE(s.image_updates.size() == 3);
  CHECK(s.image_updates[0].at_s == 1800);
  CHECK(s.image_updates[0].role == "app");
  CHECK(s.image_updates[0].version == "v2");
  CHECK(s.image_updates[0].max_unavailable == 0.5);
  CHECK(s.image_updates[0].pointer == "/image_updates/1");
  // Equal times keep the file's order.
  CHECK(s.image_updates[1].pointer == "/image_updates/0");
  CHECK(s.image_updates[1].at_s == 7200);
  CHECK(s.image_updates[1].max_unavailable == 0.25);
  CHECK(s.image_updates[2].pointer == "/image_updates/2");
  CHECK(s.image_updates[2].max_unavailable == 1);
}

TEST_CASE("bad image updates are reported with their pointers", "[scenario][image_updates]") {
  json doc = base_doc();
  doc["image_updates"] = json::parse(R"([
    {"at": "1d", "role": "web", "version": "v2"},
    {"at": "1h", "role": "webb", "version": "v2"},
    {"at": "1h", "role": "db", "version": "v2"},
    {"at": "1h", "role": "web", "version": ""},
    {"at": "1h", "role": "web", "version": "v2", "max_unavailable": 0},
    {"at": "1h", "role": "web", "version": "v2", "max_unavailable": 1.5},
    {"role": "web", "version": "v2", "maxunavailable": 0.5},
    {"at": "5MB", "role": "web"}
  ])");
  const auto errors = errors_of(doc);
  INFO(join(errors));
  CHECK(has(errors, "/image_updates/0/at: the image update at 86400 s is not before the end of the run (86400 s)"));
  CHECK(has(errors, "/image_updates/1/role: unknown role \"webb\"; did you mean \"web\"?"));
  CHECK(has(errors, "/image_updates/2/role: no VSF has a tier of role \"db\", so no CPU would take the update"));
  CHECK(has(errors, "/image_updates/3/version: expected a non-empty string"));
  CHECK(has(errors,
            "/image_updates/4/max_unavailable: expected a fraction of the tier's serving CPUs, greater than 0 "
            "and at most 1, found 0"));
  CHECK(has(errors, "/image_updates/5/max_unavailable: expected a fraction"));
  CHECK(has(errors, "/image_updates/6: missing required key \"at\""));
  CHECK(has(errors,
            "/image_updates/6/maxunavailable: unknown key \"maxunavailable\" in an image update; did you mean "
            "\"max_unavailable\"?"));
  CHECK(has(errors, "/image_updates/7/at: expected a duration"));
  CHECK(has(errors, "/image_updates/7: missing required key \"version\""));
  CHECK(errors.size() == 10);
  CHECK(has(errors_of([] {
              json d = base_doc();
              d["image_updates"] = {{"at", "1h"}};
              return d;
            }()),
            "/image_updates: expected an array"));
}
