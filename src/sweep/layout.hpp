// Where a sweep keeps what it writes, under its output directory DIR. Everything a finished run leaves is
// written atomically (a temporary sibling, then a rename), so a sweep killed at any moment (SIGKILL
// included) leaves each run either finished or absent, never half-written.
//
//   DIR/sweep.json                 the expanded sweep: every run's seed and --set values, the scenario's
//                                  sha256, the vsfsim version (reproduction, audit, and the resume check)
//   DIR/runs/<point>/r<k>/         a normal results directory per run (written by `vsfsim run -o`)
//   DIR/records/<point>/r<k>.json  the sweep's record of a run that ended: status, exit code or signal,
//                                  wall seconds, seed, and its metrics; its presence means "finished"
//   DIR/logs/<point>/r<k>.stderr   the run's stderr (kept for every run, read first when one fails)
//   DIR/runs.csv, DIR/points.csv   the tables, rebuilt from the records at the end and by --collect
//   DIR/search.json                the search's answer, when the sweep has a search
//   DIR/slurm/                     the Slurm backend's batch script, task lists and task logs
#pragma once

#include <filesystem>
#include <string>

#include "sweep/spec.hpp"

namespace vsf::sweep {

struct Layout {
  std::filesystem::path dir;

  std::filesystem::path sweep_json() const { return dir / "sweep.json"; }
  std::filesystem::path run_dir(const RunSpec& r) const { return dir / "runs" / r.point_id / rep(r); }
  std::filesystem::path record(const RunSpec& r) const { return dir / "records" / r.point_id / (rep(r) + ".json"); }
  std::filesystem::path stderr_log(const RunSpec& r) const { return dir / "logs" / r.point_id / (rep(r) + ".stderr"); }
  std::filesystem::path runs_csv() const { return dir / "runs.csv"; }
  std::filesystem::path points_csv() const { return dir / "points.csv"; }
  std::filesystem::path search_json() const { return dir / "search.json"; }
  std::filesystem::path slurm_dir() const { return dir / "slurm"; }

 private:
  static std::string rep(const RunSpec& r) { return "r" + std::to_string(r.replication); }
};

}  // namespace vsf::sweep
