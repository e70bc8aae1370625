// What this binary was built from, for run.json: the project version and the git commit of the source
// tree, captured when CMake configured the build (build_info.cpp.in; "unknown" outside a git checkout).
#pragma once

namespace vsf::cli {

const char* build_version();
const char* build_commit();

}  // namespace vsf::cli
