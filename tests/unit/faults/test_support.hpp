// Helpers shared by the faults unit tests: parsing a `faults` section from JSON text, a scratch folder
// for CSV files, and a small standard grid to resolve targets against.
#pragma once

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "faults/fault_parse.hpp"
#include "faults/fault_targets.hpp"

namespace vsf::faults::test {

// A fresh folder per test process and name, removed at the end of the test.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() / ("vsfsim-faults-" + std::to_string(::getpid()) + "-" + name)) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string write(const std::string& relative, const std::string& text) const {
    auto p = path_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string file(const std::string& relative) const { return (path_ / relative).string(); }

 private:
  std::filesystem::path path_;
};

// Parses `text` as the faults section of `file`; the test fails when any diagnostic is reported.
inline FaultSpec parse_ok(const std::string& text, const std::string& file = "scenario.json") {
  Diagnostics diags;
  FaultSpec spec = parse_faults(nlohmann::json::parse(text), file, "/faults", diags);
  INFO(diags.format());
  REQUIRE(diags.empty());
  return spec;
}

inline std::vector<std::string> numbered(const std::string& prefix, int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(prefix + std::to_string(i));
  return out;
}

// 8 CPUs, 3 control-plane hosts, 2 VLAN and 1 SAN switch, 2 arrays, 2 slaves, 2 VSFs.
inline FaultTargets small_grid(int cpus = 8) {
  return FaultTargets::standard(numbered("cpu-", cpus), 3, 2, 1, {"array0", "array1"}, {1, 2}, 2, {"shop", "blog"});
}

}  // namespace vsf::faults::test
