// No input crashes the loader: every value of the shipped scenarios and of a model file is replaced in
// turn by values of every JSON type (and removed), and each load must either succeed or throw InputError
// with at least one diagnostic — never another exception, never a crash.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>

#include "scenario/loader.hpp"
#include "util/errors.hpp"

using namespace vsf;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kSrc = VSFSIM_SOURCE_DIR;

json read_json(const std::string& path) {
  std::ifstream in(path);
  return json::parse(in);
}

std::vector<json> replacements() {
  return {
      json(nullptr), json(0),   json(-1),      json(1.5),     json(1e300),    json(UINT64_MAX), json(INT64_MIN),
      json(""),      json("x"), json("-5min"), json::array(), json::object(), json(true),       json::array({1, "a"})};
}

// Calls visit(pointer) for every value of doc, depth first.
void each_pointer(const json& v, const json::json_pointer& at,
                  const std::function<void(const json::json_pointer&)>& visit) {
  visit(at);
  if (v.is_object())
    for (const auto& [k, child] : v.items()) each_pointer(child, at / k, visit);
  else if (v.is_array())
    for (size_t i = 0; i < v.size(); ++i) each_pointer(v[i], at / i, visit);
}

enum class Outcome { loaded, refused, failed };

// `failure` says what went wrong when the outcome is `failed`.
Outcome try_load(const std::string& file, const std::string& text, std::string& failure) {
  try {
    (void)load_scenario_json(file, text);
    return Outcome::loaded;
  } catch (const InputError& e) {
    if (!e.diagnostics().empty()) return Outcome::refused;
    failure = "InputError without diagnostics";
  } catch (const std::exception& e) {
    failure = std::string("unexpected exception: ") + e.what();
  }
  return Outcome::failed;
}

}  // namespace

TEST_CASE("every value of the shipped scenarios replaced by every JSON type", "[scenario][robustness]") {
  for (const char* name : {"quickstart.json", "patent-walkthrough.json", "three-centers.json"}) {
    const std::string file = kSrc + "/scenarios/" + name;
    const json original = read_json(file);
    int loads = 0, refused = 0;
    each_pointer(original, json::json_pointer(), [&](const json::json_pointer& p) {
      std::vector<json> variants;
      for (const auto& r : replacements()) {
        json doc = original;
        if (p.empty())
          doc = r;
        else
          doc[p] = r;
        variants.push_back(doc);
      }
      if (!p.empty()) {  // removed
        json doc = original;
        doc[p.parent_pointer()].is_object() ? (void)doc[p.parent_pointer()].erase(p.back())
                                            : doc[p.parent_pointer()].erase(std::stoul(p.back()));
        variants.push_back(doc);
      }
      for (const auto& doc : variants) {
        std::string failure;
        Outcome outcome = try_load(file, doc.dump(), failure);
        ++loads;
        if (outcome == Outcome::refused) ++refused;
        if (outcome == Outcome::failed) {
          INFO(p.to_string() << " = " << doc.dump().substr(0, 200));
          FAIL_CHECK(failure);
        }
      }
    });
    INFO(name);
    CHECK(loads > 500);
    CHECK(refused > loads / 2);  // most mutations are errors: the checks do bite
  }
}

TEST_CASE("every value of a model file replaced by every JSON type", "[scenario][robustness]") {
  const fs::path dir = fs::temp_directory_path() / ("vsfsim-robust-" + std::to_string(::getpid()));
  fs::create_directories(dir / "models");
  fs::create_directories(dir / "scenarios");
  for (const char* m : {"hardware.json", "roles.json", "switches.json", "plans.json"})
    fs::copy_file(kSrc + "/models/" + m, dir / "models" / m, fs::copy_options::overwrite_existing);
  const std::string scenario_file = (dir / "scenarios" / "quickstart.json").string();
  std::ifstream in(kSrc + "/scenarios/quickstart.json");
  const std::string scenario_text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string failure;
  REQUIRE(try_load(scenario_file, scenario_text, failure) == Outcome::loaded);
  for (const char* m : {"roles.json", "switches.json", "hardware.json", "plans.json"}) {
    const json original = read_json(kSrc + "/models/" + m);
    each_pointer(original, json::json_pointer(), [&](const json::json_pointer& p) {
      for (const auto& r : replacements()) {
        json doc = original;
        if (p.empty())
          doc = r;
        else
          doc[p] = r;
        std::ofstream(dir / "models" / m) << doc.dump();
        if (try_load(scenario_file, scenario_text, failure) == Outcome::failed) {
          INFO(m << p.to_string() << " = " << r.dump());
          FAIL_CHECK(failure);
        }
      }
    });
    std::ofstream(dir / "models" / m) << original.dump();
  }
  // Truncated files at every 97th byte: syntax errors, never crashes.
  const std::string roles = read_json(kSrc + "/models/roles.json").dump(2);
  for (size_t cut = 0; cut < roles.size(); cut += 97) {
    std::ofstream(dir / "models" / "roles.json") << roles.substr(0, cut);
    INFO("cut at byte " << cut);
    CHECK(try_load(scenario_file, scenario_text, failure) == Outcome::refused);
  }
  fs::remove_all(dir);
}

TEST_CASE("byte-level mutations of a scenario's text", "[scenario][robustness]") {
  // Deterministic: each step replaces, deletes or duplicates one byte at a position spread over the file.
  const std::string file = kSrc + "/scenarios/patent-walkthrough.json";
  std::ifstream in(file);
  const std::string original((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string alphabet = "{}[]\":,0123456789-+.eE \n\\/atfnux\xff\x01";
  int refused = 0;
  for (size_t i = 0; i < 1500; ++i) {
    std::string text = original;
    const size_t pos = (i * 7919) % text.size();
    switch (i % 3) {
      case 0:
        text[pos] = alphabet[i % alphabet.size()];
        break;
      case 1:
        text.erase(pos, 1);
        break;
      default:
        text.insert(pos, 1, text[pos]);
        break;
    }
    std::string failure;
    Outcome outcome = try_load(file, text, failure);
    if (outcome == Outcome::refused) ++refused;
    if (outcome == Outcome::failed) {
      INFO("mutation " << i << " at byte " << pos);
      FAIL_CHECK(failure);
    }
  }
  CHECK(refused > 500);
}
