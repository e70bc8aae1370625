// Harness: the input is a whole scenario file. It is loaded as if it sat in scenarios/, so the shipped
// models ("../models/...") and any file it names beside them are read as in a real run; the effective
// document is then serialized, as run.json does. Bad input must end in InputError.
#include <string>

#include "fuzz_support.hpp"
#include "scenario/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string file = std::string(VSFSIM_SOURCE_DIR) + "/scenarios/fuzz-input.json";
  try {
    vsf::LoadedScenario loaded = vsf::load_scenario_json(file, std::string(vsf::fuzz::as_text(data, size)));
    (void)loaded.document.dump(2);
  } catch (const vsf::InputError& e) {
    vsf::fuzz::check_reported(e);
  }
  return 0;
}
