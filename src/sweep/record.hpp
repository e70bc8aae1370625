// The sweep's record of one run that ended (DIR/records/<point>/r<k>.json, layout.hpp): its presence is
// what "finished" means for --resume. Written atomically after the run's process has ended and, for a
// successful run, after its results directory is in place.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sweep/layout.hpp"

namespace vsf::sweep {

enum class RunStatus { Ok, Failed, Signalled, TimedOut };  // Failed: exit status 1 or 2
const char* to_string(RunStatus s);                        // "ok", "failed", "signalled", "timed_out"

struct RunRecord {
  std::string point_id;
  int replication = 1;
  uint64_t seed = 0;
  RunStatus status = RunStatus::Ok;
  int exit_code = 0;  // when it exited
  int signal = 0;     // when a signal ended it (a timeout's SIGKILL included)
  double wall_s = 0;
  std::string host;  // where it ran (the Slurm node, or this machine)
};

std::optional<RunRecord> read_record(const Layout& layout, const RunSpec& run);  // none: not finished
void write_record(const Layout& layout, const RunSpec& run, const RunRecord& record);

// A metric of a finished run, read from its summary.json: none when the run failed, the pointer is
// absent or the value is null or not a number.
std::optional<double> read_metric(const Layout& layout, const RunSpec& run, const std::string& pointer);

}  // namespace vsf::sweep
