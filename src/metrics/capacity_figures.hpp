// The figures a capacity planner reads in summary.json (issue 12 §2): quantiles of the time to serve,
// the idle pool's size by time, CPU-hours allocated against used, and the probability that a CPU asked
// for is refused. Plain functions of the Recorder's state, so results.cpp only places them.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <vector>

#include "metrics/recorder_state.hpp"

namespace vsf {

// {mean, p50, p95, p99, max} of time-to-serve samples (nulls without samples). The quantiles are the
// histogram's (within 0.4 %), mean and max exact.
nlohmann::ordered_json time_to_serve_json(const LogHistogram& h, long count, double sum, double max);

// {p5, p50, p95}: the pool size at or below which the pool spent that fraction of the time (the smallest
// size whose cumulative seconds reach q x the total). Nulls when the pool was never reported.
nlohmann::ordered_json pool_percentiles_json(const std::map<int, double>& seconds_at);

// {allocated, serving, busy, utilization_of_allocated}: CPU-hours the VSFs held in any state, held
// serving, and kept busy (each output interval's grid utilization x its serving CPU-hours), and busy /
// allocated (null with nothing allocated).
nlohmann::ordered_json cpu_hours_json(const std::vector<VsfStats>& vsfs, double busy_cpu_s);

// CPUs refused / CPUs asked for by scale-outs (granted + refused, every attempt); null with none asked.
nlohmann::ordered_json denial_probability_json(long cpus_granted, long cpus_refused);

}  // namespace vsf
