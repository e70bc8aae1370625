// Following a submitted Slurm job until it has left the queue, for the Slurm backend (slurm.hpp): squeue
// only, since clusters without slurmdbd have no sacct; progress comes from the runs' records.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sweep/layout.hpp"

namespace vsf::sweep {

// How many of the job's array tasks are pending or running, or nullopt (with `error`) when squeue failed.
// A job slurmctld has forgotten (MinJobAge after its end) counts as none. With `workdir`, only the tasks
// working there count: after a cluster restart job ids start again, so an old id may be another's job.
std::optional<int> tasks_in_queue(const std::string& job, std::string* error, const std::string& workdir = "");

// Polls squeue until the job has left the queue: 0; or -1 when Slurm stopped answering, or the signal
// (SIGINT, SIGTERM) that stopped the waiting, and then the job may still be running. With `progress`, a
// line on stderr from the records of `submitted`.
int wait_for(const std::string& job, const Layout& layout, const std::vector<const RunSpec*>& submitted, bool progress);

}  // namespace vsf::sweep
