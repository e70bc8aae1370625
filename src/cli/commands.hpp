// The subcommands of the vsfsim binary, as plain functions over parsed arguments (main.cpp owns
// the command line). Each returns the process exit status; bad input is thrown as vsf::InputError.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vsf::cli {

struct RunArgs {
  std::vector<std::string> argv;      // the whole command line, for run.json
  std::string scenario;               // a scenario file or a run.json
  std::optional<std::string> output;  // none: out/<scenario name>; "" is bad input
  std::optional<uint64_t> seed;
  std::vector<std::string> sets;  // POINTER=VALUE
  std::vector<std::string> log_settings;
  bool progress = false;
  bool full_isolation_check = false;  // --check-isolation full
  std::optional<std::string> trace;   // --trace FILE.json; "" is bad input
};

struct ValidateArgs {
  std::string scenario;
  std::optional<uint64_t> seed;
  std::vector<std::string> sets;
};

struct GraphArgs {
  std::string scenario;
  std::optional<std::string> output;  // none: stdout; "" is bad input
  std::vector<std::string> sets;
  bool bare = false;  // the fabric only, every CPU idle
};

// vsfsim sweep SWEEP.json [-o DIR] [-j N] [--backend local|slurm] [--resume] [--dry-run], and
// vsfsim sweep DIR --collect; vsfsim sweep DIR --task K (one Slurm array task, internal).
struct SweepArgs {
  std::vector<std::string> argv;      // the whole command line, for sweep.json
  std::string input;                  // a sweep file, or a sweep's DIR with --collect / --task
  std::optional<std::string> output;  // none: out/sweeps/<sweep name>
  int jobs = 0;                       // 0: the number of cores
  std::string backend = "local";      // "local" | "slurm"
  bool resume = false;
  bool retry_failed = false;  // with --resume: also rerun runs that failed
  bool dry_run = false;
  bool collect = false;
  std::optional<int> task;  // --task K
  bool wait = true;         // false: --no-wait (slurm)
  bool progress = false;
  // Slurm settings from the command line, over the sweep file's "slurm" object.
  std::optional<std::string> partition, time_limit, memory;
  std::optional<int> max_parallel;
  std::vector<std::string> sbatch_args;
};

int run_command(const RunArgs& args);
int sweep_command(const SweepArgs& args);
int validate_command(const ValidateArgs& args);
int graph_command(const GraphArgs& args);

}  // namespace vsf::cli
