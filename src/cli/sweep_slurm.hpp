// The sweep command's Slurm side: the settings a job array gets (the sweep file's `slurm` object with the
// command line's options on top) and a search probe run as one job array (src/sweep/slurm.hpp submits).
#pragma once

#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "sweep/executor.hpp"
#include "sweep/slurm.hpp"

namespace vsf::cli {

sweep::SlurmOptions slurm_options(const sweep::SweepSpec& spec, const SweepArgs& args, const std::string& vsfsim);

// Submits the runs without a record as one job array and waits for it; then what their records say, in
// the executor's terms (a signal that stopped the waiting is `interrupted`), so the search can use either
// backend.
sweep::ExecResult run_on_slurm(const sweep::Layout& layout, const std::vector<sweep::RunSpec>& runs,
                               const sweep::SlurmOptions& options);

}  // namespace vsf::cli
