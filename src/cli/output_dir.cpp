// Output directory checks and the stage-then-rename commit (see output_dir.hpp).
#include "cli/output_dir.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cctype>
#include <fstream>
#include <system_error>

#include "util/errors.hpp"

namespace fs = std::filesystem;

namespace vsf::cli {

std::string default_output_dir(const std::string& scenario_name, const std::string& scenario_file) {
  std::string safe;
  for (char c : scenario_name) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    safe += ok ? c : '_';
  }
  // "", "." and ".." would name the output folder itself or its parent
  if (safe.find_first_not_of('.') == std::string::npos) safe = fs::path(scenario_file).stem().string();
  if (safe.empty() || safe.find_first_not_of('.') == std::string::npos) safe = "scenario";
  return "out/" + safe;
}

static fs::path normalised(const std::string& dir) {
  fs::path p = fs::absolute(fs::path(dir)).lexically_normal();
  if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();  // "out/x/"
  return p;
}

// Results this tool wrote before: replacing them is what a rerun means. Anything else is the user's.
static bool holds_only_results(const fs::path& dir) {
  std::error_code ec;
  bool has_summary = false;
  bool empty = true;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    empty = false;
    if (!entry.is_regular_file(ec)) return false;
    if (entry.path().filename() == "summary.json") has_summary = true;
  }
  return !ec && (empty || has_summary);
}

OutputDir::OutputDir(const std::string& dir) : given_(dir), target_(normalised(dir)) {
  const std::string pointer;  // not a JSON location: the file field names the option
  if (dir.empty()) throw InputError("-o", pointer, "expected a directory path, found an empty string");
  if (target_ == target_.root_path() || !target_.has_filename())
    throw InputError("-o", pointer, fmt::format("refusing to write results over \"{}\"", dir));
  std::error_code ec;
  auto status = fs::symlink_status(target_, ec);
  if (fs::exists(status)) {
    if (!fs::is_directory(status))
      throw InputError("-o", pointer, fmt::format("\"{}\" exists and is not a directory", dir));
    if (!holds_only_results(target_))
      throw InputError("-o", pointer,
                       fmt::format("\"{}\" exists and holds files other than vsfsim results; refusing to replace "
                                   "it (choose another -o, or remove it)",
                                   dir));
  }
  fs::path ancestor = target_.parent_path();
  while (!fs::exists(ancestor, ec) && ancestor.has_parent_path() && ancestor != ancestor.parent_path())
    ancestor = ancestor.parent_path();
  if (!fs::is_directory(ancestor, ec))
    throw InputError("-o", pointer,
                     fmt::format("cannot create \"{}\": \"{}\" is not a directory", dir, ancestor.string()));
  if (::access(ancestor.c_str(), W_OK | X_OK) != 0)
    throw InputError("-o", pointer,
                     fmt::format("cannot create \"{}\": \"{}\" is not writable", dir, ancestor.string()));
}

void OutputDir::commit(const std::function<void(const std::string& staging)>& write) const {
  const fs::path parent = target_.parent_path();
  const std::string name = target_.filename().string();
  const std::string pid = std::to_string(::getpid());
  const fs::path staging = parent / ("." + name + ".partial-" + pid);
  const fs::path previous = parent / ("." + name + ".old-" + pid);
  fs::create_directories(parent);
  std::error_code ignored;
  fs::remove_all(staging, ignored);
  try {
    write(staging.string());
    if (!fs::is_directory(staging)) throw std::runtime_error("the result writer created no directory");
    if (fs::exists(fs::symlink_status(target_))) {
      fs::remove_all(previous, ignored);
      fs::rename(target_, previous);
      try {
        fs::rename(staging, target_);
      } catch (...) {
        fs::rename(previous, target_, ignored);  // put the old results back
        throw;
      }
      fs::remove_all(previous, ignored);
    } else {
      fs::rename(staging, target_);
    }
  } catch (...) {
    fs::remove_all(staging, ignored);
    throw;
  }
}

void write_file_atomically(const std::string& file, const std::string& text) {
  fs::path target = fs::absolute(fs::path(file)).lexically_normal();
  if (target.has_parent_path()) fs::create_directories(target.parent_path());
  fs::path tmp = target;
  tmp += ".partial-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      std::error_code ignored;
      fs::remove(tmp, ignored);
      throw std::runtime_error(fmt::format("cannot write \"{}\"", tmp.string()));
    }
  }
  fs::rename(tmp, target);
}

}  // namespace vsf::cli
