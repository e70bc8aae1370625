// The key tables of a sweep file (util/key_table.hpp): load_sweep reads through them (so unknown keys are
// refused with a suggestion), and a unit test holds them equal to scenarios/sweep.schema.json and
// scenarios/SWEEPS.md, so a key is declared once.
#pragma once

#include "scenario/key_tables.hpp"
#include "util/key_table.hpp"

namespace vsf::sweep {

// Every table with where it applies and its object in scenarios/sweep.schema.json, top level first.
const std::vector<SectionTable>& sweep_key_tables();

namespace sweep_keys {
const KeyTable& top();
const KeyTable& axis();
const KeyTable& range();
const KeyTable& metric();
const KeyTable& uncertainty();
const KeyTable& draw_uniform();
const KeyTable& draw_normal();
const KeyTable& draw_lognormal();
const KeyTable& search();
const KeyTable& target();
const KeyTable& search_replications();
const KeyTable& slurm();
}  // namespace sweep_keys

// Reasonable bounds that keep a sweep's lists in memory: points of the cross product, and runs in all.
constexpr long long kMaxPoints = 100000;
constexpr long long kMaxRuns = 1000000;
constexpr int kMaxReplications = 10000;

}  // namespace vsf::sweep
