// Repairing what an interrupted swap left beside a results directory (see output_dir_leftovers.hpp).
#include "cli/output_dir_leftovers.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

namespace fs = std::filesystem;

namespace vsf::cli {

namespace {

const char* const kStaging = ".partial-";
const char* const kPrevious = ".old-";

struct Leftover {
  fs::path path;
  long pid;
  bool previous;  // ".old-PID" (earlier results), else ".partial-PID"
};

// "123" -> 123; anything that is not a plain positive process id -> -1.
long pid_of(const std::string& digits) {
  if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) return -1;
  const long pid = std::stol(digits);
  return pid > 0 ? pid : -1;
}

// Our own pid can name only a leftover of an earlier process that had it: we create ours later.
bool is_gone(long pid) {
  if (pid == static_cast<long>(::getpid())) return true;
  return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

std::vector<Leftover> stale_leftovers(const fs::path& target) {
  const std::string name = "." + target.filename().string();
  std::vector<Leftover> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(target.parent_path(), ec)) {
    const std::string file = entry.path().filename().string();
    if (file.compare(0, name.size(), name) != 0 || !entry.is_directory(ec) || entry.is_symlink(ec)) continue;
    const std::string rest = file.substr(name.size());
    for (const char* kind : {kStaging, kPrevious}) {
      const std::string prefix = kind;
      if (rest.compare(0, prefix.size(), prefix) != 0) continue;
      const long pid = pid_of(rest.substr(prefix.size()));
      if (pid > 0 && is_gone(pid)) found.push_back({entry.path(), pid, kind == kPrevious});
    }
  }
  return found;
}

// The previous results to put back when the target is missing: the newest, if several.
const Leftover* restorable(const fs::path& target, const std::vector<Leftover>& leftovers) {
  std::error_code ec;
  if (fs::exists(fs::symlink_status(target, ec))) return nullptr;
  const Leftover* best = nullptr;
  fs::file_time_type best_time{};
  for (const Leftover& l : leftovers) {
    if (!l.previous) continue;
    const auto t = fs::last_write_time(l.path, ec);
    if (ec) continue;
    if (best == nullptr || t > best_time) best = &l, best_time = t;
  }
  return best;
}

}  // namespace

fs::path staging_dir_of(const fs::path& target, long pid) {
  return target.parent_path() / ("." + target.filename().string() + kStaging + std::to_string(pid));
}

fs::path previous_dir_of(const fs::path& target, long pid) {
  return target.parent_path() / ("." + target.filename().string() + kPrevious + std::to_string(pid));
}

void repair_leftovers(const fs::path& target) {
  const std::vector<Leftover> leftovers = stale_leftovers(target);
  std::error_code ec;
  const Leftover* restore = restorable(target, leftovers);
  if (restore != nullptr) {
    fs::rename(restore->path, target, ec);
    if (ec)
      std::cerr << fmt::format("note: could not restore \"{}\" from \"{}\" (left by vsfsim process {}): {}\n",
                               target.string(), restore->path.string(), restore->pid, ec.message());
    else
      std::cerr << fmt::format(
          "note: restored \"{}\" from \"{}\": the earlier results, which vsfsim process {} was replacing when it "
          "was stopped\n",
          target.string(), restore->path.string(), restore->pid);
  }
  for (const Leftover& l : leftovers) {
    if (&l == restore) continue;  // restored, or (if that failed) kept: they are the user's results
    std::error_code removed;
    fs::remove_all(l.path, removed);
    if (removed)
      std::cerr << fmt::format("note: could not remove \"{}\", left by vsfsim process {} (no longer running): {}\n",
                               l.path.string(), l.pid, removed.message());
    else
      std::cerr << fmt::format("note: removed \"{}\", left by vsfsim process {} (no longer running)\n", l.path.string(),
                               l.pid);
  }
}

}  // namespace vsf::cli
