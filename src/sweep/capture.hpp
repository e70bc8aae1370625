// Runs a short-lived command (sbatch, squeue) and captures what it prints, for the Slurm backend: the
// caller shows the command's own stderr when it fails, and can tell "not installed" from "failed".
#pragma once

#include <string>
#include <vector>

namespace vsf::sweep {

struct Captured {
  bool started = false;  // false: the program could not be run (not on PATH, say); see `error`
  std::string error;     // why it could not be run
  int exit_code = -1;    // when it exited; -1 when a signal ended it
  std::string out, err;
};

// argv[0] is looked up on PATH. Standard input is /dev/null.
Captured capture(const std::vector<std::string>& argv);

}  // namespace vsf::sweep
