// runs.csv (one row per finished run) and points.csv (one row per point: n and, per metric, mean, sd and
// 95 % CI, and the paired difference against the baseline point when there is one), rebuilt from the
// records and the runs' summary.json files, written atomically. Column names: docs (scenarios/SWEEPS.md).
#pragma once

#include "sweep/expand.hpp"
#include "sweep/layout.hpp"

namespace vsf::sweep {

void write_tables(const Layout& layout, const SweepSpec& spec, const Expanded& expanded);

}  // namespace vsf::sweep
