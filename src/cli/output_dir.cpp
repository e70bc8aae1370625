// Output directory checks, the claim before the simulation and the stage-then-swap commit (see
// output_dir.hpp).
#include "cli/output_dir.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <system_error>

#include "cli/output_dir_leftovers.hpp"
#include "util/errors.hpp"

namespace fs = std::filesystem;

namespace vsf::cli {

namespace {

const std::string kNoPointer;  // not a JSON location: the file field names the option

fs::path normalised(const std::string& dir) {
  fs::path p = fs::absolute(fs::path(dir)).lexically_normal();
  if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();  // "out/x/"
  return p;
}

// The empty path is refused before fs::absolute sees it (which throws for "").
fs::path non_empty(const std::string& dir, const char* expected, const std::string& option = "-o") {
  if (dir.empty()) throw InputError(option, kNoPointer, fmt::format("expected {}, found an empty string", expected));
  return normalised(dir);
}

bool is_result_file(const std::string& name) {
  const auto& names = result_file_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The nearest ancestor that exists must be a directory (a file in the way is bad input).
void check_ancestor(const fs::path& path, const std::string& given, const std::string& option = "-o") {
  std::error_code ec;
  fs::path ancestor = path.parent_path();
  while (!fs::exists(ancestor, ec) && ancestor.has_parent_path() && ancestor != ancestor.parent_path())
    ancestor = ancestor.parent_path();
  if (!fs::is_directory(ancestor, ec))
    throw InputError(option, kNoPointer,
                     fmt::format("cannot create \"{}\": \"{}\" is not a directory", given, ancestor.string()));
}

// "Permission denied (renaming "a" to "b")": the kernel's reason and what was being done.
std::string describe(const fs::filesystem_error& e) {
  std::string what = e.code().message();
  if (!e.path1().empty() && !e.path2().empty())
    what += fmt::format(" (\"{}\" -> \"{}\")", e.path1().string(), e.path2().string());
  else if (!e.path1().empty())
    what += fmt::format(" (\"{}\")", e.path1().string());
  return what;
}

}  // namespace

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

const std::vector<std::string>& result_file_names() {
  static const std::vector<std::string> names{"summary.json", "timeseries.csv", "events.jsonl", "billing.csv",
                                              "run.json"};
  return names;
}

OutputDir::OutputDir(const std::string& dir) : given_(dir), target_(non_empty(dir, "a directory path")) {
  if (target_ == target_.root_path() || !target_.has_filename())
    throw InputError("-o", kNoPointer, fmt::format("refusing to write results over \"{}\"", dir));
  check_ancestor(target_, dir);
  check_target();  // before creating anything
  parents_.emplace(target_.parent_path(), "-o", dir);
  lock_.emplace(target_.parent_path() / ("." + target_.filename().string() + ".lock"), dir);
  repair_leftovers(target_);
  check_target();  // a restored directory, or one changed since the first look
}

// Replacing earlier results is what a rerun means; anything else in the way is the user's.
void OutputDir::check_target() const {
  std::error_code ec;
  auto status = fs::symlink_status(target_, ec);
  if (!fs::exists(status)) return;
  if (!fs::is_directory(status))
    throw InputError("-o", kNoPointer, fmt::format("\"{}\" exists and is not a directory", given_));
  bool has_summary = false;
  bool empty = true;
  for (const auto& entry : fs::directory_iterator(target_, ec)) {
    empty = false;
    if (!fs::is_regular_file(entry.symlink_status(ec)))
      throw InputError("-o", kNoPointer,
                       fmt::format("\"{}\" holds \"{}\", which is not a regular file; refusing to replace it "
                                   "(a results directory holds only files: choose another -o, or move it away)",
                                   given_, entry.path().filename().string()));
    if (entry.path().filename() == "summary.json") has_summary = true;
  }
  if (ec) throw InputError("-o", kNoPointer, fmt::format("cannot read the directory \"{}\": {}", given_, ec.message()));
  if (!empty && !has_summary)
    throw InputError("-o", kNoPointer,
                     fmt::format("\"{}\" exists and holds files other than vsfsim results; refusing to replace "
                                 "it (choose another -o, or remove it)",
                                 given_));
}

void OutputDir::commit(const std::function<void(const std::string& staging)>& write) {
  const fs::path staging = staging_dir_of(target_, ::getpid());
  const fs::path previous = previous_dir_of(target_, ::getpid());
  std::error_code ignored;
  try {
    fs::remove_all(staging, ignored);
    fs::create_directory(staging);
    const std::vector<std::string> kept = link_user_files(staging);
    write(staging.string());
    for (const auto& entry : fs::directory_iterator(staging)) {
      const std::string name = entry.path().filename().string();
      if (!is_result_file(name) && std::find(kept.begin(), kept.end(), name) == kept.end())
        throw std::logic_error(fmt::format("the results file \"{}\" is missing from result_file_names()", name));
    }
    swap_into_place(staging, previous);
  } catch (const fs::filesystem_error& e) {
    fs::remove_all(staging, ignored);
    throw InputError("-o", kNoPointer, fmt::format("cannot write results to \"{}\": {}", given_, describe(e)));
  } catch (...) {
    fs::remove_all(staging, ignored);
    throw;
  }
  parents_->keep();
}

// The user's own files in the target survive the swap as hard links in the new directory (a copy
// where the filesystem has no hard links). Earlier results are left out: this run writes its own.
std::vector<std::string> OutputDir::link_user_files(const fs::path& staging) const {
  std::vector<std::string> kept;
  if (!fs::exists(fs::symlink_status(target_))) return kept;
  for (const auto& entry : fs::directory_iterator(target_)) {
    const std::string name = entry.path().filename().string();
    if (is_result_file(name)) continue;
    if (!fs::is_regular_file(entry.symlink_status()))  // appeared since check_target
      throw InputError(
          "-o", kNoPointer,
          fmt::format("\"{}\" now holds \"{}\", which is not a regular file; refusing to replace it", given_, name));
    std::error_code ec;
    fs::create_hard_link(entry.path(), staging / name, ec);
    if (ec) fs::copy_file(entry.path(), staging / name);
    kept.push_back(name);
  }
  return kept;
}

// Two renames; between them the target is missing and the previous results sit at `previous`
// (repair_leftovers puts them back should the process die right there).
void OutputDir::swap_into_place(const fs::path& staging, const fs::path& previous) const {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(target_))) {
    fs::rename(staging, target_);
    return;
  }
  fs::remove_all(previous, ec);
  fs::rename(target_, previous);
  try {
    fs::rename(staging, target_);
  } catch (...) {
    fs::rename(previous, target_, ec);  // put the old results back
    throw;
  }
  fs::remove_all(previous, ec);
  if (ec)
    std::cerr << fmt::format("note: could not remove the earlier results \"{}\": {}\n", previous.string(),
                             ec.message());
}

void check_output_file(const std::string& given, const std::string& option, const std::string& example) {
  const fs::path target = non_empty(given, "a file path", option);
  std::error_code ec;
  if (fs::is_directory(target, ec))
    throw InputError(option, kNoPointer,
                     fmt::format("\"{}\" is a directory; expected a file such as {}", given, example));
  check_ancestor(target, given, option);
}

void write_file_atomically(const std::string& given, const std::string& text, const std::string& option) {
  check_output_file(given, option, option == "-o" ? "grid.dot" : "trace.json");  // the two callers
  const fs::path target = normalised(given);
  CreatedParents parents(target.parent_path(), option, given);
  const fs::path tmp =
      target.parent_path() / ("." + target.filename().string() + ".partial-" + std::to_string(::getpid()));
  std::string failure;
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) failure = errno_text(errno);
    out << text;
    out.close();
    if (!out && failure.empty()) failure = "writing failed";
  }
  std::error_code ec;
  if (failure.empty()) {
    fs::rename(tmp, target, ec);
    if (ec) failure = ec.message();
  }
  if (!failure.empty()) {
    fs::remove(tmp, ec);
    throw InputError(option, kNoPointer, fmt::format("cannot write \"{}\": {}", given, failure));
  }
  parents.keep();
}

}  // namespace vsf::cli
