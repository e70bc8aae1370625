// The Slurm backend: the runs missing a record go out as one job array (`sbatch --array=0-N%M`), each task
// running a chunk of runs with `vsfsim sweep DIR --task K` (serially, through executor.hpp). DIR must be
// on a file system the nodes share. Waiting polls squeue and shows progress from the records.
#pragma once

#include <string>
#include <vector>

#include "sweep/expand.hpp"
#include "sweep/layout.hpp"

namespace vsf::sweep {

struct SlurmOptions {
  Slurm settings;      // from the sweep file, with the command line's options on top
  std::string vsfsim;  // the binary the tasks run: absolute path
  bool wait = true;    // false: submit and return (--no-wait); `vsfsim sweep DIR --collect` later
  bool progress = false;
};

// Submits the runs without a record; returns the exit status of the sweep command (0: all runs ok).
int submit_and_wait(const Layout& layout, const std::vector<RunSpec>& runs, const SlurmOptions& options);

// The body of one array task: runs chunk `task` of DIR/slurm/tasks.json. Exit status 0 when all its runs
// are ok.
int run_task(const Layout& layout, int task, const std::string& vsfsim);

}  // namespace vsf::sweep
