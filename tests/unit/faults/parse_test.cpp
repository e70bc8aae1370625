// parse_faults: a complete good section into the typed spec; bad sections with every problem reported
// at once (message and pointer); and no exception or crash on any JSON.
#include <random>

#include "faults/schedule.hpp"
#include "test_support.hpp"

using namespace vsf::faults;
using nlohmann::json;
using vsf::Diagnostics;
using vsf::faults::test::parse_ok;

namespace {

const char* kGood = R"({
  "seed": 7,
  "groups": [
    {"name": "rack1", "members": ["cpu-0", "cpu-1", 2], "note": "PDU A"},
    {"name": "pdu", "members": {"cpu_range": [4, 7], "vlan_switches": ["vsw1"], "control_hosts": [2],
                                "storage": ["array1"]}}
  ],
  "events": [
    {"at": "2h", "kind": "cpu", "target": "cpu-12", "repair": "10min"},
    {"at": "90min", "kind": "cpu", "target": 3, "repair": {"dist": "exponential", "mean": "1h"}},
    {"at": "1d", "kind": "control_host", "target": "cp1"},
    {"at": "3h", "kind": "manager", "manager": "slave", "mode": "stall", "target": 0, "repair": "2min"},
    {"at": "4h", "kind": "manager", "manager": "master"},
    {"at": "5h", "kind": "manager", "manager": "farm_manager", "target": "shop", "repair": 0},
    {"at": "1h", "kind": "cp_partition", "sides": [["cp0"], ["cp1", 2]], "repair": "5min"},
    {"at": "6h", "kind": "registry", "repair": "1min", "note": "database failover drill"},
    {"at": "7h", "group": "rack1", "repair": "30min"},
    {"at": "0", "kind": "vlan_port", "target": "cpu-3/front", "repair": "1s"},
    {"at": "8h", "kind": "san_switch", "target": "ssw0", "repair": "1h"},
    {"at": "9h", "kind": "storage", "target": "array0", "repair": "1h"}
  ],
  "processes": [
    {"kind": "cpu", "ttf": {"dist": "weibull", "shape": 0.7, "scale": "30d"},
     "ttr": {"dist": "exponential", "mean": "4h"}, "targets": "all"},
    {"kind": "vlan_switch", "ttf": {"dist": "constant", "value": "10d"}, "ttr": "1h", "targets": ["vsw0", 1],
     "start": "1h", "end": "20d"},
    {"groups": ["rack1", "pdu"], "ttf": {"dist": "exponential", "mean": "100d"}, "ttr": "2h"},
    {"groups": "all", "ttf": "50d", "ttr": "1h"},
    {"kind": "manager", "manager": "slave", "ttf": "3d", "ttr": "0"},
    {"kind": "cp_partition", "sides": [[0], [1]], "ttf": "5d", "ttr": "10min"}
  ]
})";

}  // namespace

TEST_CASE("a complete faults section parses into the typed spec in SI units", "[faults][parse]") {
  const FaultSpec spec = parse_ok(kGood, "scenarios/x.json");
  CHECK(spec.file == "scenarios/x.json");
  REQUIRE(spec.seed);
  CHECK(*spec.seed == 7);

  REQUIRE(spec.groups.size() == 2);
  CHECK(spec.groups[0].name == "rack1");
  REQUIRE(spec.groups[0].members.size() == 3);
  CHECK(spec.groups[0].members[2].ref.index == 2);
  CHECK(spec.groups[0].members[0].ref.name == "cpu-0");
  CHECK(spec.groups[0].members[0].ref.pointer == "/faults/groups/0/members/0");
  const auto& pdu = spec.groups[1].members;
  REQUIRE(pdu.size() == 7);  // control host, VLAN switch, array, then CPUs 4..7
  int cpus = 0;
  for (const auto& m : pdu) cpus += m.kind == FaultKind::Cpu;
  CHECK(cpus == 4);

  REQUIRE(spec.events.size() == 12);
  const auto& e0 = spec.events[0];
  CHECK(e0.at_s == 7200);
  CHECK(e0.subject.kind == FaultKind::Cpu);
  REQUIRE(e0.subject.targets.size() == 1);
  CHECK(e0.subject.targets[0].name == "cpu-12");
  REQUIRE(e0.repair);
  CHECK(e0.repair->type == Distribution::Type::Constant);
  CHECK(e0.repair->value_s == 600);
  CHECK(e0.pointer == "/faults/events/0");
  CHECK(spec.events[1].repair->type == Distribution::Type::Exponential);
  CHECK(spec.events[1].repair->mean_s == 3600);
  CHECK_FALSE(spec.events[2].repair);  // never repaired
  CHECK(spec.events[3].subject.manager == ManagerRole::Slave);
  CHECK(spec.events[3].subject.mode == ManagerMode::Stall);
  CHECK(spec.events[4].subject.manager == ManagerRole::Master);
  CHECK(spec.events[4].subject.mode == ManagerMode::Crash);
  CHECK(spec.events[4].subject.targets.empty());
  CHECK(spec.events[5].repair->value_s == 0);
  CHECK(spec.events[6].subject.sides[0].size() == 1);
  CHECK(spec.events[6].subject.sides[1][1].index == 2);
  CHECK(spec.events[8].subject.group == "rack1");
  CHECK_FALSE(spec.events[8].subject.kind);
  CHECK(spec.events[9].at_s == 0);

  REQUIRE(spec.processes.size() == 6);
  const auto& p0 = spec.processes[0];
  CHECK(p0.subject.all_targets);
  CHECK(p0.ttf.type == Distribution::Type::Weibull);
  CHECK(p0.ttf.shape == 0.7);
  CHECK(p0.ttf.scale_s == 30 * 86400);
  CHECK(p0.ttr.mean_s == 4 * 3600);
  CHECK(spec.processes[1].start_s == 3600);
  CHECK(*spec.processes[1].end_s == 20 * 86400);
  CHECK(spec.processes[1].subject.targets.size() == 2);
  CHECK(spec.processes[2].subject.groups == std::vector<std::string>{"rack1", "pdu"});
  CHECK(spec.processes[3].subject.all_targets);
  CHECK(spec.processes[3].ttf.value_s == 50 * 86400);
  CHECK(spec.processes[4].subject.all_targets);  // "targets" defaults to all
  CHECK(spec.processes[5].subject.sides[1][0].index == 1);
}

TEST_CASE("an empty faults section is valid and empty", "[faults][parse]") {
  CHECK(parse_ok("{}").empty());
  CHECK(parse_ok(R"({"events": [], "processes": [], "groups": []})").empty());
}

namespace {

// Every diagnostic of `text` as "pointer: message", in order.
std::vector<std::string> problems(const std::string& text) {
  Diagnostics diags;
  parse_faults(json::parse(text), "s.json", "/faults", diags);
  std::vector<std::string> out;
  for (const auto& d : diags.items()) {
    CHECK(d.file == "s.json");
    out.push_back(d.pointer + ": " + d.message);
  }
  return out;
}

}  // namespace

TEST_CASE("every problem of a bad section is reported at once with its pointer", "[faults][parse]") {
  const auto got = problems(R"({
    "sead": 3,
    "groups": [
      {"name": "rack1", "members": ["cpu-0", "cpu-0"]},
      {"name": "rack1", "members": []},
      {"members": {"cpu_range": [9, 2], "switches": ["vsw0"]}}
    ],
    "events": [
      {"at": "2h", "kind": "cpu", "target": "cpu-1", "repiar": "10min"},
      {"at": "5MB", "kind": "cpuu", "target": 1},
      {"kind": "cpu", "target": true},
      {"at": "1h", "kind": "manager", "manager": "boss", "target": 0},
      {"at": "1h", "kind": "manager", "manager": "master", "target": 0},
      {"at": "1h", "kind": "registry", "group": "rack1"},
      {"at": "1h", "group": "rak1"},
      {"at": "1h", "kind": "cp_partition", "sides": [["cp0"], ["cp0", "cp1"]]},
      {"at": "1h", "kind": "cpu", "target": "cpu-1", "repair": {"dist": "weibull", "shape": -1}},
      {"at": 3600, "kind": "storage"}
    ],
    "processes": [
      {"kind": "cpu", "ttf": "0", "ttr": {"dist": "exponential", "mean": "0"}},
      {"kind": "cpu", "ttf": "1d", "targets": "some"},
      {"kind": "cpu", "ttf": {"dist": "gamma", "k": 2}, "ttr": "1h", "start": "2h", "end": "1h"},
      {"groups": ["rack1", "nope"], "ttf": "1d", "ttr": "1h", "target": "x"}
    ]
  })");
  const std::vector<std::string> expected = {
      "/faults/sead: unknown key \"sead\" in the faults section; did you mean \"seed\"?",
      "/faults/groups/0/members/1: \"cpu-0\" is listed twice",
      "/faults/groups/1/name: duplicate group name \"rack1\" (also at /faults/groups/0/name)",
      "/faults/groups/1/members: expected a non-empty array, found an empty array",
      "/faults/groups/2: missing required key \"name\"",
      "/faults/groups/2/members/switches: unknown key \"switches\" in a group's members; did you mean "
      "\"san_switches\"?",
      "/faults/groups/2/members/cpu_range: expected first <= last, found [9, 2]",
      "/faults/events/0/repiar: unknown key \"repiar\" in a \"cpu\" fault event; did you mean \"repair\"?",
      "/faults/events/1/kind: expected one of \"cpu\", \"control_host\", \"manager\", \"vlan_switch\", "
      "\"vlan_port\", \"san_switch\", \"san_port\", \"storage\", \"cp_partition\", \"registry\", \"wan\", "
      "\"global_manager\", found \"cpuu\"; "
      "did you mean \"cpu\"?",
      "/faults/events/1/at: expected a duration such as \"250ms\" or \"2h\", found \"5MB\", which is a size",
      "/faults/events/2/target: expected a name (a string) or an index (an integer >= 0), found true",
      "/faults/events/2: missing required key \"at\" (when the failure happens, such as \"2h\")",
      "/faults/events/3/manager: expected one of \"master\", \"slave\", \"farm_manager\", found \"boss\"",
      "/faults/events/4/target: unknown key \"target\" in a \"manager\" (master) fault event; expected one of: "
      "\"at\", \"repair\", \"note\", \"kind\", \"group\", \"manager\", \"mode\"",
      "/faults/events/5: \"kind\" and \"group\" exclude each other: a correlated group fails all its members, "
      "whatever their kind",
      "/faults/events/6/group: no group named \"rak1\"; did you mean \"rack1\"?",
      "/faults/events/7/sides/1/0: \"cp0\" is on both sides",
      "/faults/events/8/repair/shape: expected a number > 0, found -1",
      "/faults/events/8/repair: missing required key \"scale\" of a \"weibull\" distribution",
      "/faults/events/9/at: expected a duration such as \"250ms\" or \"2h\", found 3600 (a unit is required)",
      "/faults/events/9: missing required key \"target\" (which storage fails: a name or an index)",
      "/faults/processes/0/ttf: the time to failure must have a positive mean",
      "/faults/processes/0/ttr/mean: expected a positive duration, found \"0\"",
      "/faults/processes/1/targets: expected \"all\" or an array of names or indices, found \"some\"",
      "/faults/processes/1: missing required key \"ttr\" (time to repair: a distribution)",
      "/faults/processes/2/ttf/dist: expected one of \"exponential\", \"weibull\", \"constant\", \"csv\", found "
      "\"gamma\"",
      "/faults/processes/2/ttf/k: unknown key \"k\" in a distribution; expected one of: \"dist\", \"mean\", "
      "\"shape\", \"scale\", \"value\", \"file\", \"column\", \"values\"",
      "/faults/processes/2/end: expected an end after start (7200s), found \"1h\"",
      "/faults/processes/3/groups/1: no group named \"nope\"; expected one of: \"rack1\"",
      "/faults/processes/3/target: unknown key \"target\" in a group fault process; expected one of: \"ttf\", "
      "\"ttr\", \"start\", \"end\", \"note\", \"kind\", \"groups\"",
  };
  // Compare as sets of lines: each expected message, with its pointer, and nothing else.
  for (const auto& e : expected) {
    INFO(e);
    CHECK(std::count(got.begin(), got.end(), e) == 1);
  }
  for (const auto& g : got) {
    INFO(g);
    CHECK(std::count(expected.begin(), expected.end(), g) == 1);
  }
  CHECK(got.size() == expected.size());
}

TEST_CASE("the section and its lists must have the right JSON types", "[faults][parse]") {
  CHECK(problems("[]") ==
        std::vector<std::string>{"/faults: expected the faults section (a JSON object), found an empty array"});
  CHECK(problems(R"({"events": {}, "processes": 3, "groups": "rack", "seed": -1})") ==
        std::vector<std::string>{
            "/faults/seed: expected an integer between 0 and 18446744073709551615, found -1",
            "/faults/groups: expected an array, found \"rack\"",
            "/faults/events: expected an array, found an empty object",
            "/faults/processes: expected an array, found 3",
        });
  CHECK(problems(R"({"events": [1, null]})") ==
        std::vector<std::string>{"/faults/events/0: expected a fault event (a JSON object), found 1",
                                 "/faults/events/1: expected a fault event (a JSON object), found null"});
}

TEST_CASE("parse_faults never throws, whatever the JSON", "[faults][parse]") {
  // Replace one node of the good section at a time by values of every type, and also mutate randomly.
  const json good = json::parse(kGood);
  const std::vector<json> junk = {nullptr,
                                  true,
                                  -1,
                                  0,
                                  1.5,
                                  1e300,
                                  "",
                                  "x",
                                  "2h",
                                  "all",
                                  json::array(),
                                  json::object(),
                                  json::array({1, "a", nullptr}),
                                  json::object({{"dist", 3}}),
                                  json::array({json::array(), json::array()})};
  const json flat = good.flatten();
  int runs = 0;
  for (const auto& item : flat.items()) {
    for (const auto& j : junk) {
      json doc = flat;
      doc[item.key()] = j;
      Diagnostics diags;
      json bad;
      try {
        bad = doc.unflatten();
      } catch (const json::exception&) {
        continue;  // not every flat document can be unflattened; that is nlohmann's business
      }
      CHECK_NOTHROW(parse_faults(bad, "s.json", "/faults", diags));
      ++runs;
    }
  }
  CHECK(runs > 500);
  // Whole-object replacements at each level too.
  for (const char* key : {"groups", "events", "processes"}) {
    for (const auto& j : junk) {
      json doc = good;
      doc[key] = j;
      Diagnostics diags;
      CHECK_NOTHROW(parse_faults(doc, "s.json", "/faults", diags));
      doc = good;
      doc[key][0] = j;
      CHECK_NOTHROW(parse_faults(doc, "s.json", "/faults", diags));
    }
  }
}

namespace {

// A random JSON value built from the section's own vocabulary, so that many documents get deep into the
// parser rather than stopping at the first unknown key.
json random_value(std::mt19937_64& rng, int depth) {
  static const std::vector<std::string> keys = {
      "seed",          "groups", "events", "processes", "name",   "members", "cpu_range", "cpus",
      "vlan_switches", "at",     "kind",   "group",     "target", "targets", "repair",    "manager",
      "mode",          "sides",  "ttf",    "ttr",       "start",  "end",     "dist",      "mean",
      "shape",         "scale",  "value",  "file",      "column", "values",  "note"};
  static const std::vector<json> leaves = {
      nullptr,   true,          0,          1,     -2,        2.5,     1e300,    "",         "all",          "2h",
      "0",       "-1h",         "5MB",      "cpu", "manager", "slave", "master", "stall",    "cp_partition", "registry",
      "weibull", "exponential", "constant", "csv", "cpu-1",   "cp0",   "rack",   "instants", "nofile.csv"};
  const auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  const size_t shape = depth <= 0 ? 0 : pick(4);
  if (shape == 0 || shape == 1) return leaves[pick(leaves.size())];
  if (shape == 2) {
    json a = json::array();
    for (size_t i = pick(4); i > 0; --i) a.push_back(random_value(rng, depth - 1));
    return a;
  }
  json o = json::object();
  for (size_t i = pick(5); i > 0; --i) o[keys[pick(keys.size())]] = random_value(rng, depth - 1);
  return o;
}

}  // namespace

TEST_CASE("random documents never make parsing, checking or scheduling crash", "[faults][parse]") {
  // Random subsets of the good section's entries, each document then mutated at 0 to 2 random places.
  std::mt19937_64 rng(2024);
  const json good = json::parse(kGood);
  int clean = 0, nonempty = 0;
  for (int n = 0; n < 3000; ++n) {
    json doc = json::object();
    if (rng() % 2) doc["groups"] = good["groups"];
    for (const char* key : {"events", "processes"}) {
      json list = json::array();
      for (const auto& entry : good[key]) {
        if (rng() % 3 == 0) list.push_back(entry);
      }
      doc[key] = list;
    }
    for (size_t m = rng() % 3; m > 0; --m) {
      json flat = doc.flatten();
      if (flat.empty()) break;
      auto it = flat.begin();
      std::advance(it, static_cast<long>(rng() % flat.size()));
      *it = random_value(rng, 2);
      try {
        doc = flat.unflatten();
      } catch (const json::exception&) {
      }
    }
    Diagnostics diags;
    FaultSpec spec;
    REQUIRE_NOTHROW(spec = parse_faults(doc, "s.json", "/faults", diags));
    if (!diags.empty()) continue;
    ++clean;
    nonempty += !spec.empty();
    Diagnostics target_diags;
    REQUIRE_NOTHROW(check_fault_targets(spec, vsf::faults::test::small_grid(), target_diags));
    REQUIRE_NOTHROW(make_schedule(spec, vsf::faults::test::small_grid(), 30 * 86400.0, n));
  }
  // Enough valid documents reach the checks and the schedule.
  CHECK(clean > 300);
  CHECK(nonempty > 300);
}
