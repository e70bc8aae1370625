// The model files a scenario gets when it has no "models": the shipped ones, found at run time so that a
// scenario anywhere works with a vsfsim run from its build tree or installed under a prefix. The search
// order (documented in scenarios/README.md, "Model files"):
//   1. $VSFSIM_MODELS, a folder, when set (and then only it: a wrong override is an error, not skipped);
//   2. PREFIX/share/vsfsim/models when the executable is PREFIX/bin/vsfsim (`make install`);
//   3. the source tree's models/ when the executable runs from the build tree CMake configured.
// The model files of a folder are its *.json files in name order (hardware, roles, switches).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace vsf {

// What the search looks at; model_search() fills it for this process, tests build their own.
struct ModelSearch {
  std::optional<std::string> env;  // $VSFSIM_MODELS
  std::string exe;                 // the running executable, symlinks resolved ("" if unknown)
  std::string build_dir;           // the build tree CMake configured (recorded at build time)
  std::string source_models;       // the source tree's models/ (recorded at build time)
};

ModelSearch model_search();

struct DefaultModels {
  std::vector<std::string> files;  // absolute paths, in load order; empty when none were found
  std::string problem;             // why not, with every place looked at, when files is empty
};

DefaultModels find_default_models(const ModelSearch& search);

}  // namespace vsf
