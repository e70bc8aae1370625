// Where a run's results go, without ever leaving a half-written result behind. The target is checked
// and claimed before the simulation starts (so a bad or busy -o fails fast, as bad input, and leaves
// nothing visible); results are written into a hidden sibling directory and renamed into place only
// once complete.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli/output_dir_guards.hpp"

namespace vsf::cli {

// The default output directory of a scenario: out/<name>, with the name reduced to characters that
// are safe in a path component (a scenario name is free text).
std::string default_output_dir(const std::string& scenario_name, const std::string& scenario_file);

// Every file vsfsim writes into a results directory (Recorder::write and run.json): the one list. A
// rerun replaces exactly these and keeps whatever else the user put beside them; commit() refuses
// (as an internal error) to publish a file that is missing here, so a new result file cannot slip by.
const std::vector<std::string>& result_file_names();

class OutputDir {
 public:
  // Checks that `dir` can receive results: it does not exist, or it is a directory that is empty or
  // holds regular files including a summary.json (earlier results, maybe with the user's notes), and
  // nothing else. Then claims it: creates its missing parents, takes its lock ".NAME.lock" beside it
  // (the kernel's proof that we may write there; a second run for the same target fails here) and
  // repairs what an interrupted earlier run left beside it (output_dir_leftovers.hpp). Throws
  // InputError on any problem, with nothing created left behind.
  explicit OutputDir(const std::string& dir);

  // Writes through `write` into a fresh staging directory beside the target, holding hard links to the
  // user's own files of the target, then swaps it into place. On any failure the staging directory is
  // removed and the previous results are kept; filesystem errors are thrown as InputError.
  void commit(const std::function<void(const std::string& staging)>& write);

  const std::string& path() const { return given_; }
  std::filesystem::path parent() const { return target_.parent_path(); }  // exists once claimed

 private:
  void check_target() const;
  std::vector<std::string> link_user_files(const std::filesystem::path& staging) const;
  void swap_into_place(const std::filesystem::path& staging, const std::filesystem::path& previous) const;

  std::string given_;                      // as the user wrote it, for messages
  std::filesystem::path target_;           // absolute, normalised, no trailing separator
  std::optional<CreatedParents> parents_;  // destroyed after lock_: the lock file lives in them
  std::optional<DirLock> lock_;
};

// Writes `text` to the file `given` (the graph command's -o, run's --trace) atomically: a hidden
// temporary sibling, then a rename; missing parents are created (and removed again on failure). Any
// failure is thrown as InputError naming `option`. check_output_file runs the checks that need no
// writing, early (`example`: a file name for the message when `given` is a directory).
void check_output_file(const std::string& given, const std::string& option = "-o",
                       const std::string& example = "grid.dot");
void write_file_atomically(const std::string& given, const std::string& text, const std::string& option = "-o");

}  // namespace vsf::cli
