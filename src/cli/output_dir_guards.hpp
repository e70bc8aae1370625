// The two things OutputDir holds from before the simulation until the results are in place, each of
// which undoes itself when the run fails (bad input, an error, SIGINT/SIGTERM unwinding the stack):
// the missing parent directories it created, and the lock that keeps a second run off the same target.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace vsf::cli {

// The kernel's words for an errno value, for messages.
std::string errno_text(int error);

// Creates the missing ancestors of a path, outermost first; removes them again on destruction unless
// keep() was called, so a failed run leaves no empty directories behind. Throws InputError (naming the
// option `option` and the path as `given`) when a directory cannot be created.
class CreatedParents {
 public:
  CreatedParents(const std::filesystem::path& dir, const std::string& option, const std::string& given);
  ~CreatedParents();
  CreatedParents(const CreatedParents&) = delete;
  CreatedParents& operator=(const CreatedParents&) = delete;
  void keep() { created_.clear(); }

 private:
  std::vector<std::filesystem::path> created_;
};

// An exclusive flock(2) on `file` (created if missing), taken without waiting: a second vsfsim writing
// the same results directory fails at once, as bad input, instead of racing at the final rename.
// Creating the file is also the probe that the kernel lets us write beside the target (access(2)
// says yes to everything for root). On destruction the file is removed while still locked; whoever
// opened it meanwhile notices that the path no longer names its file and opens it again.
class DirLock {
 public:
  DirLock(const std::filesystem::path& file, const std::string& given);
  ~DirLock();
  DirLock(const DirLock&) = delete;
  DirLock& operator=(const DirLock&) = delete;

 private:
  std::filesystem::path file_;
  int fd_ = -1;
};

}  // namespace vsf::cli
