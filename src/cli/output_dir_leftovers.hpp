// What a run killed during its final rename leaves beside its target: the hidden staging directory
// ".NAME.partial-PID" and the previous results ".NAME.old-PID". A later run for the same target (holding
// its lock, so no other vsfsim is replacing it) repairs that before simulating.
#pragma once

#include <filesystem>

namespace vsf::cli {

// Staging and previous-results directories of a target, named by the process that made them.
std::filesystem::path staging_dir_of(const std::filesystem::path& target, long pid);
std::filesystem::path previous_dir_of(const std::filesystem::path& target, long pid);

// Finds the leftovers of `target` whose process is gone (kill(pid, 0) says ESRCH; a live process's are
// never touched). If the target is missing, the newest stale previous-results directory is renamed back
// into place: those were the results before the interrupted run. Every other stale leftover is removed.
// Prints one "note:" line on stderr per action.
void repair_leftovers(const std::filesystem::path& target);

}  // namespace vsf::cli
