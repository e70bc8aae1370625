// Harness: each line of the input is one --set POINTER=VALUE, applied in order to a shipped scenario
// (scenarios/quickstart.json, or the one named by a first line "# NAME.json"), then the scenario is
// loaded and the effective document serialized, as run.json does. Bad input must end in InputError.
#include <map>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "scenario/loader.hpp"
#include "util/json_parse.hpp"

namespace {

// The scenario text, read once per file ("" when there is no such file, which is not kept: the cache
// holds only the few shipped scenarios, however many names the fuzzer tries).
std::string scenario_text(const std::string& path) {
  static std::map<std::string, std::string> cache;
  if (auto it = cache.find(path); it != cache.end()) return it->second;
  auto text = vsf::read_text_file(path);
  if (!text) return "";
  return cache.emplace(path, *text).first->second;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = vsf::fuzz::as_text(data, size);
  std::string name = "quickstart.json";
  vsf::LoadOptions options;
  size_t start = 0;
  for (bool first = true; start <= text.size(); first = false) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string line(text.substr(start, end - start));
    if (first && line.rfind("# ", 0) == 0 && line.size() > 2 && line.find('/') == std::string::npos)
      name = line.substr(2);
    else if (!line.empty())
      options.sets.push_back(line);
    start = end + 1;
  }
  const std::string file = std::string(VSFSIM_SOURCE_DIR) + "/scenarios/" + name;
  const std::string scenario = scenario_text(file);
  if (scenario.empty()) return 0;  // no such shipped scenario: nothing to apply the overrides to
  try {
    vsf::LoadedScenario loaded = vsf::load_scenario_json(file, scenario, options);
    (void)loaded.document.dump(2);
  } catch (const vsf::InputError& e) {
    vsf::fuzz::check_reported(e);
  }
  return 0;
}
