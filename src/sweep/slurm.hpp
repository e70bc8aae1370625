// The Slurm backend: the runs missing a record go out as one job array (`sbatch --array=0-N%M`), each task
// running a chunk of runs with `vsfsim sweep DIR --task K` (serially, through executor.hpp). DIR must be
// on a file system the nodes share. Waiting polls squeue and shows progress from the records.
//
//   DIR/slurm/tasks.json   {"runs_per_task": n, "tasks": [[run key, ...], ...]}: task K runs chunk K
//   DIR/slurm/batch.sh     the array job as submitted (its #SBATCH lines say how)
//   DIR/slurm/job.json     {"job_id", "tasks", "runs"} of the last submission: a new one is refused
//                          while that job is still in the queue (its tasks would read the new tasks.json)
//   DIR/slurm/logs/        the tasks' stdout and stderr, %A_%a.out (the runs' own stderr is in DIR/logs/)
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
// With nothing missing, submits nothing. Throws InputError when sbatch is missing or refuses the job
// (with its stderr), or when an earlier job of this DIR is still in the queue.
int submit_and_wait(const Layout& layout, const std::vector<RunSpec>& runs, const SlurmOptions& options);

// The body of one array task: runs chunk `task` of DIR/slurm/tasks.json. Exit status 0 when all its runs
// are ok.
int run_task(const Layout& layout, int task, const std::string& vsfsim);

// The pieces of a submission, exposed for tests.
// The run keys cut into chunks of runs_per_task (0: as few per task as keep the array at most
// kMaxArrayTasks long; at least 1).
constexpr int kMaxArrayTasks = 1000;  // Slurm's default MaxArraySize is 1001 (indices 0..1000)
std::vector<std::vector<std::string>> chunk_runs(const std::vector<std::string>& keys, int runs_per_task);
// The batch script for `tasks` array tasks (DIR and vsfsim absolute). Throws InputError for settings
// that cannot go on an #SBATCH line (a line break) and for a DIR Slurm cannot name in --output/--chdir.
std::string batch_script(const std::string& dir, const Slurm& settings, int tasks, const std::string& vsfsim);

}  // namespace vsf::sweep
