#include "cli/sweep_slurm.hpp"

#include "sweep/record.hpp"

namespace vsf::cli {

using namespace vsf::sweep;

SlurmOptions slurm_options(const SweepSpec& spec, const SweepArgs& args, const std::string& vsfsim) {
  SlurmOptions options;
  options.settings = spec.slurm;
  if (args.partition) options.settings.partition = *args.partition;
  if (args.time_limit) options.settings.time_limit = *args.time_limit;
  if (args.memory) options.settings.memory = *args.memory;
  if (args.max_parallel) options.settings.max_parallel = *args.max_parallel;
  // after the file's, so that a command-line option wins over the file's for the same sbatch option
  for (const auto& a : args.sbatch_args) options.settings.extra_args.push_back(a);
  options.vsfsim = vsfsim;
  options.wait = args.wait;
  options.progress = args.progress;
  return options;
}

ExecResult run_on_slurm(const Layout& layout, const std::vector<RunSpec>& runs, const SlurmOptions& options) {
  ExecResult result;
  const int status = submit_and_wait(layout, runs, options);
  if (status >= 128) {
    result.interrupted = true;
    result.signal = status - 128;
    return result;
  }
  for (const auto& run : runs)
    if (const auto record = read_record(layout, run)) {
      ++result.ran;
      ++(record->status == RunStatus::Ok ? result.ok : result.failed);
    }
  return result;
}

}  // namespace vsf::cli
