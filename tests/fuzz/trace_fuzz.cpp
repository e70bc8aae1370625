// Harness: a traffic trace CSV. The first byte chooses the trace's keys (bit 0: ISO 8601 times, bit 1:
// counts per bucket, bit 2: loop, bit 3: the columns "timestamp" and "requests" rather than the
// header's first two fields); the rest is the file, read by load_trace as the loader does. A trace that
// loads must give what RateFunction relies on (times increasing, rates finite and >= 0, a final 0), and
// RateFunction must answer over it.
#include <cmath>
#include <string>

#include "fuzz_support.hpp"
#include "traffic/rate.hpp"
#include "util/csv.hpp"

namespace {

void check_points(const vsf::TrafficComponent& c) {
  using vsf::fuzz::fail;
  if (c.points.empty()) return;
  for (size_t i = 0; i < c.points.size(); ++i) {
    const auto [t, r] = c.points[i];
    if (!std::isfinite(t) || !std::isfinite(r) || r < 0) fail("a trace point is not finite or its rate < 0");
    if (i > 0 && !(t > c.points[i - 1].first)) fail("trace times do not increase");
  }
  if (c.points.back().second != 0) fail("the trace does not end with a rate of 0");
  const double end = c.points.back().first;
  vsf::RateFunction f({c});
  double peak = 0;
  for (const auto& p : c.points) peak = std::max(peak, f.rate(p.first));
  const double bound = f.max_rate(0, 2 * end), mean = f.mean_rate(0, 2 * end);
  if (!(bound >= peak) || !std::isfinite(bound)) fail("max_rate is below a rate of the trace");
  if (!std::isfinite(mean) || mean < 0 || mean > bound * (1 + 1e-9)) fail("mean_rate is outside [0, max_rate]");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const vsf::fuzz::ScratchFile scratch("trace.csv");
  if (size == 0) return 0;
  const uint8_t flags = data[0];
  const std::string_view csv = vsf::fuzz::as_text(data + 1, size - 1);
  vsf::TrafficComponent c;
  c.kind = vsf::TrafficKind::Trace;
  c.file = scratch.write(csv);
  c.time_format = (flags & 1) ? vsf::TraceTimeFormat::Iso8601 : vsf::TraceTimeFormat::Seconds;
  c.value_kind = (flags & 2) ? vsf::TraceValueKind::Count : vsf::TraceValueKind::Rate;
  c.loop = (flags & 4) != 0;
  c.time_column = "timestamp";
  c.value_column = "requests";
  if (!(flags & 8)) {
    const std::vector<vsf::CsvRow> rows = vsf::parse_csv(csv);
    if (!rows.empty() && !rows[0].fields.empty()) {
      c.time_column = rows[0].fields[0];
      c.value_column = rows[0].fields[rows[0].fields.size() > 1 ? 1 : 0];
    }
  }
  vsf::Diagnostics diags;
  vsf::load_trace(c, "fuzz.json", "/vsfs/0/traffic", diags);
  if (diags.empty() == c.points.empty()) vsf::fuzz::fail("a trace gives points and problems, or neither");
  if (!diags.empty()) vsf::fuzz::check_reported(vsf::InputError(diags));
  check_points(c);
  return 0;
}
