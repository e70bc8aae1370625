// Runs simulations as child processes of this binary (`vsfsim run BASE -o DIR/runs/<key> --seed S --set
// ... --no-progress`), at most `jobs` at once, one process each (SimGrid: one simulation per process).
// Each child dies with the sweep (PR_SET_PDEATHSIG), so a killed sweep leaves no orphan writing into DIR.
// When a child ends, its record is written (record.hpp); stderr goes to DIR/logs. Used by the local
// backend, by each Slurm array task (serially), and by the search.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sweep/layout.hpp"
#include "sweep/record.hpp"

namespace vsf::sweep {

struct ExecOptions {
  std::string vsfsim;    // the binary to run (this one: /proc/self/exe)
  std::string scenario;  // the base scenario, absolute
  int jobs = 1;
  std::optional<double> timeout_s;
};

// Called after each run ends (in the sweep's process), e.g. for the progress bar.
using OnRunEnd = std::function<void(const RunSpec&, const RunRecord&)>;

struct ExecResult {
  int ran = 0, ok = 0, failed = 0;  // failed: any status but Ok
  bool interrupted = false;         // SIGINT/SIGTERM: children were stopped, unfinished runs left absent
  int signal = 0;                   // the signal that interrupted it (the exit status is 128 + signal)
};

// Runs the runs that have no record yet, skipping the others.
ExecResult execute(const Layout& layout, const std::vector<RunSpec>& runs, const ExecOptions& options,
                   const OnRunEnd& on_end = {});

}  // namespace vsf::sweep
