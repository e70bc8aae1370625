// Helpers of the sweep tests: sweep files written to a temporary folder (load_sweep reads files), their
// errors as "pointer: message" lines, and the shipped quickstart as the base scenario.
#pragma once

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sweep/expand.hpp"
#include "sweep/sweep_file.hpp"
#include "util/errors.hpp"

namespace vsf::sweep::test {

using nlohmann::json;

inline const std::string kQuickstart = std::string(VSFSIM_SOURCE_DIR) + "/scenarios/quickstart.json";

inline std::filesystem::path temp_dir() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("vsfsim-sweep-test-" + std::to_string(getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

// Writes `text` as temp_dir()/name and returns the path.
inline std::string write_file(const std::string& name, const std::string& text) {
  const auto path = temp_dir() / name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  return path.string();
}

// The quickstart with two points on /grid/cpus, unless the test gives more.
inline json base_sweep() { return json{{"scenario", kQuickstart}}; }

inline SweepSpec load(const json& doc, const std::string& name = "t.json") {
  return load_sweep(write_file(name, doc.dump()));
}

// Every diagnostic of loading `doc` as "pointer: message" (empty when it loads).
inline std::vector<std::string> errors_of(const json& doc, const std::string& name = "bad.json") {
  try {
    (void)load(doc, name);
  } catch (const InputError& e) {
    std::vector<std::string> out;
    for (const auto& d : e.diagnostics().items()) out.push_back(d.pointer + ": " + d.message);
    return out;
  }
  return {};
}

inline std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

inline bool has(const std::vector<std::string>& lines, const std::string& needle) {
  for (const auto& l : lines)
    if (l.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace vsf::sweep::test
