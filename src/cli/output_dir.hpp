// Where a run's results go, without ever leaving a half-written result behind. The target is checked
// before the simulation starts (so a bad -o fails fast, as bad input, and creates nothing); results are
// written into a hidden sibling directory and renamed into place only once complete.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

namespace vsf::cli {

// The default output directory of a scenario: out/<name>, with the name reduced to characters that
// are safe in a path component (a scenario name is free text).
std::string default_output_dir(const std::string& scenario_name, const std::string& scenario_file);

class OutputDir {
 public:
  // Checks that `dir` can receive results: it does not exist, or it is a directory that is empty or
  // holds only vsfsim results (so replacing it never destroys a user's files); its nearest existing
  // ancestor is a writable directory. Throws InputError otherwise. Creates nothing.
  explicit OutputDir(const std::string& dir);

  // Writes through `write` into a fresh staging directory beside the target, then swaps it into
  // place. On any failure the staging directory is removed and the previous results are kept.
  void commit(const std::function<void(const std::string& staging)>& write) const;

  const std::string& path() const { return given_; }

 private:
  std::string given_;             // as the user wrote it, for messages
  std::filesystem::path target_;  // absolute, normalised, no trailing separator
};

// Writes `text` to `file` atomically (temporary sibling + rename), creating parent directories.
void write_file_atomically(const std::string& file, const std::string& text);

}  // namespace vsf::cli
