// The Recorder's timeseries.csv: what it accumulates per output interval and the file itself.
//
// timeseries.csv: one long table, one grid row, then per VSF (scenario order) its row followed by one
// row per tier (call order), per output interval; sorted by (t_s, grid first, VSF order, tier order).
// One table rather than a tiers.csv beside it: a pandas user filters it by `vsf`/`tier` (empty cells
// read as NaN), and the grid, VSF and tier numbers of an interval sit on neighbouring lines.
// Columns (a cell that does not apply to the row's kind is empty):
//   t_s            end of the interval, simulated seconds                          all rows
//   vsf            VSF name; empty on the grid row                                 VSF, tier rows
//   tier           the tier's role; empty on grid and VSF rows                     tier rows
//   offered_rps    grid: requests offered to every VSF / length; VSF: to it; tier: visits that left
//                  their caller for the tier / length (a tier called `calls` times per request is
//                  visited that often per request)                                 all rows
//   served_rps     grid, VSF: requests served / length; tier: visits whose work at the tier was done
//                  (a visit done at a tier may still end timed out or lost further on)  all rows
//   cpus_serving   CPUs serving at the end of the interval; VSF and grid rows count the LB, tier rows
//                  do not (the LB is a CPU of its VSF but no tier)                 all rows
//   cpus_booting   CPUs configuring or booting at the end of the interval         all rows
//   cpus_allocated CPUs belonging to the VSF / tier / any VSF, whatever their state  all rows
//   utilization    busy / serving core-seconds over the interval of the tier's servers (VSF: all its
//                  tiers; grid: every VSF's tiers); the LB is not counted          all rows
//   p95_ms         VSF: 95th percentile response time of requests served in the interval; tier: of the
//                  visits done there, from leaving the caller to the work done (queue, request transfer,
//                  work, SAN read; not the next tiers' calls nor the response); empty if none, and on
//                  the grid row                                                    VSF, tier rows
//   idle_pool      allocatable idle CPUs at the end of the interval                grid row
//   idle_pool_min  the lowest idle pool during the interval (its start included)   grid row
//   denials        Recorder::denial calls in the interval (one per refused scale-out attempt)
//                                                                                  grid, VSF rows
// Grid and VSF rows measure requests over [previous end, t_s]; a VSF's first interval starts at its
// start_s. Floats are written with fmt's "{:.6g}" (times "{:.9g}"), which does not depend on the locale.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "metrics/recorder_state.hpp"

namespace vsf {

namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

template <class T>
std::string cell(const std::optional<T>& v) {
  return v ? fmt::format("{}", *v) : std::string();
}

std::string ms_cell(const std::optional<double>& s) { return s ? fmt::format("{:.6g}", *s * 1000) : std::string(); }

double rate(double count, double length) { return length > 0 ? count / length : 0; }

// The cells every row kind has: rates over the interval and the sample's CPU counts (a tier's, a VSF's
// or the grid's sample: the same four fields).
template <class Sample>
TimeseriesRow counts_row(double t_end, double offered, double served, double length, const Sample& sample) {
  TimeseriesRow row;
  row.t = t_end;
  row.offered_rps = rate(offered, length);
  row.served_rps = rate(served, length);
  row.serving = sample.serving;
  row.booting = sample.booting;
  row.allocated = sample.allocated;
  row.utilization = sample.utilization;
  return row;
}

// A tier's row for the interval [start, t_end]; restarts the tier's interval.
TimeseriesRow tier_row(TierStats& ts, const TierSample& sample, double t_end, double length) {
  TimeseriesRow row = counts_row(t_end, ts.interval_visits, ts.interval_done, length, sample);
  row.p95_s = ts.interval_local.quantile(0.95);
  ts.interval_visits = ts.interval_done = 0;
  ts.interval_local.clear();
  return row;
}

}  // namespace

LogHistogram VsfStats::run_responses() const {
  LogHistogram all = responses;
  all.merge(interval_responses);
  return all;
}

TierStats& VsfStats::tier(int tier) {
  if (tier < 0 || static_cast<size_t>(tier) >= tiers.size())
    throw std::out_of_range(
        fmt::format("Recorder: VSF {} has no tier with index {} (it has {})", name, tier, tiers.size()));
  return tiers[static_cast<size_t>(tier)];
}

void Recorder::tier_visit(int vsf, int tier, double) { ++impl_->vsf(vsf).tier(tier).interval_visits; }

void Recorder::tier_done(int vsf, int tier, double, double local_s) {
  TierStats& ts = impl_->vsf(vsf).tier(tier);
  ++ts.interval_done;
  ts.interval_local.add(local_s);
}

void Recorder::interval(int vsf, double t_end, const IntervalSample& sample) {
  VsfStats& s = impl_->vsf(vsf);
  if (!sample.tiers.empty() && sample.tiers.size() != s.tiers.size())
    throw std::invalid_argument(
        fmt::format("Recorder: {} tier samples for VSF {} of {} tiers", sample.tiers.size(), s.name, s.tiers.size()));
  const double length = std::max(0.0, t_end - s.interval_start);
  TimeseriesRow row = counts_row(t_end, s.interval_offered, s.interval_served, length, sample);
  row.vsf = vsf;
  row.p95_s = s.interval_responses.quantile(0.95);
  row.denials = s.interval_denials;
  if (row.p95_s && *row.p95_s > s.sla_s) s.sla_violation_s += length;
  if (impl_->keep_rows()) impl_->rows.push_back(row);
  for (size_t k = 0; k < s.tiers.size(); ++k) {
    // Without tier samples there are no tier rows, but the tiers' intervals restart all the same.
    TimeseriesRow tr = tier_row(s.tiers[k], sample.tiers.empty() ? TierSample{} : sample.tiers[k], t_end, length);
    tr.vsf = vsf;
    tr.tier = static_cast<int>(k);
    if (!sample.tiers.empty() && impl_->keep_rows()) impl_->rows.push_back(tr);
  }
  s.interval_start = std::max(s.interval_start, t_end);
  s.interval_offered = s.interval_served = 0;
  s.interval_denials = 0;
  s.responses.merge(s.interval_responses);
  s.interval_responses.clear();
}

void Recorder::grid_interval(double t_end, const GridSample& sample) {
  Impl& m = *impl_;
  const double length = std::max(0.0, t_end - m.grid_interval_start);
  TimeseriesRow row = counts_row(t_end, m.grid_interval_offered, m.grid_interval_served, length, sample);
  if (m.pool_seen) {
    row.idle_pool = m.pool_size;
    row.idle_pool_min = m.pool_interval_min;
  }
  row.denials = m.grid_interval_denials;
  const double serving_s = m.serving_seconds(t_end);
  m.busy_cpu_s += sample.utilization * std::max(0.0, serving_s - m.serving_s_at_interval_start);
  m.serving_s_at_interval_start = serving_s;
  if (m.keep_rows()) m.rows.push_back(row);
  m.grid_interval_start = std::max(m.grid_interval_start, t_end);
  m.grid_interval_offered = m.grid_interval_served = 0;
  m.grid_interval_denials = 0;
  m.pool_interval_min = m.pool_size;
}

// Rows come back from their file (timeseries_rows.hpp) in (t, vsf, tier) order and go straight to the
// stream, line by line: neither the rows nor the file's text are ever all in memory (at 100,000 CPUs a
// day makes 1.4 million rows, 107 MiB, and their CSV is 85 MB).
void Recorder::write_timeseries_csv(std::ostream& out) const {
  const Impl& m = *impl_;
  out << "t_s,vsf,tier,offered_rps,served_rps,cpus_serving,cpus_booting,cpus_allocated,utilization,p95_ms,idle_pool,"
         "idle_pool_min,denials\n";
  fmt::memory_buffer line;
  m.rows.for_each_sorted([&](const TimeseriesRow& r) {
    const VsfStats* v = r.vsf >= 0 ? &m.vsfs[static_cast<size_t>(r.vsf)] : nullptr;
    const std::string vsf = v ? csv_field(v->name) : std::string();
    const std::string tier = v && r.tier >= 0 ? csv_field(v->tiers[static_cast<size_t>(r.tier)].name) : std::string();
    line.clear();
    fmt::format_to(std::back_inserter(line), "{:.9g},{},{},{:.6g},{:.6g},{},{},{},{:.6g},{},{},{},{}\n", r.t, vsf, tier,
                   r.offered_rps, r.served_rps, r.serving, r.booting, r.allocated, r.utilization, ms_cell(r.p95_s),
                   cell(r.idle_pool), cell(r.idle_pool_min), cell(r.denials));
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
  });
}

void Recorder::spill_rows_in(const std::string& dir) {
  if (impl_->keep_rows()) impl_->rows.spill_in(dir);
}

std::string Recorder::timeseries_csv() const {
  std::ostringstream out;
  write_timeseries_csv(out);
  return out.str();
}

}  // namespace vsf
