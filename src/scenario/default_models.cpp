// find_default_models: the first folder of the search order that holds model files. Plain file-system
// checks; what the process is (its executable, its environment) is read once, by model_search().
#include "scenario/default_models.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#ifndef VSFSIM_BUILD_DIR
#define VSFSIM_BUILD_DIR ""
#endif
#ifndef VSFSIM_SOURCE_MODELS_DIR
#define VSFSIM_SOURCE_MODELS_DIR ""
#endif

namespace vsf {

namespace fs = std::filesystem;

namespace {

// The *.json regular files of `dir`, absolute, in name order; empty if it is not a readable folder.
std::vector<std::string> json_files_in(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".json" && fs::is_regular_file(it->path(), ec))
      out.push_back(fs::absolute(it->path(), ec).lexically_normal().generic_string());
  std::sort(out.begin(), out.end());
  return out;
}

// Whether `path` is `dir` or inside it (both made canonical where they exist).
bool is_within(const std::string& path, const std::string& dir) {
  if (path.empty() || dir.empty()) return false;
  std::error_code ec;
  const fs::path p = fs::weakly_canonical(path, ec), d = fs::weakly_canonical(dir, ec);
  auto [d_end, p_it] = std::mismatch(d.begin(), d.end(), p.begin(), p.end());
  return d_end == d.end() || (std::next(d_end) == d.end() && d_end->empty());  // "dir/" ends with an empty part
}

std::string shown(const fs::path& p) { return p.lexically_normal().generic_string(); }

}  // namespace

ModelSearch model_search() {
  ModelSearch s;
  if (const char* env = std::getenv("VSFSIM_MODELS")) s.env = std::string(env);
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) s.exe = exe.generic_string();
  s.build_dir = VSFSIM_BUILD_DIR;
  s.source_models = VSFSIM_SOURCE_MODELS_DIR;
  return s;
}

DefaultModels find_default_models(const ModelSearch& search) {
  DefaultModels out;
  if (search.env) {
    out.files = json_files_in(*search.env);
    if (out.files.empty())
      out.problem =
          fmt::format("VSFSIM_MODELS is \"{}\", which is not a folder holding model files (*.json)", *search.env);
    return out;
  }
  std::vector<std::string> looked;
  if (!search.exe.empty()) {
    const fs::path installed = fs::path(search.exe).parent_path().parent_path() / "share" / "vsfsim" / "models";
    out.files = json_files_in(installed);
    if (!out.files.empty()) return out;
    looked.push_back(shown(installed));
  }
  if (is_within(search.exe, search.build_dir) && !search.source_models.empty()) {
    out.files = json_files_in(search.source_models);
    if (!out.files.empty()) return out;
    looked.push_back(shown(search.source_models));
  }
  std::string where;
  for (const auto& l : looked) where += (where.empty() ? "" : ", ") + l;
  out.problem = fmt::format(
      "the shipped model files were not found (looked in {}); give \"models\" (paths "
      "relative to the scenario's folder) or set VSFSIM_MODELS to the folder of the model files",
      where.empty() ? "no folder: the executable's path is unknown" : where);
  return out;
}

}  // namespace vsf
