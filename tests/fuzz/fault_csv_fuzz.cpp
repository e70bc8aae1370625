// Harness: a failure log (a "csv" fault distribution). The first byte chooses the distribution's keys
// (bit 0: "values": "instants" rather than durations; bit 1: a "column", the first field of the first
// record, or with bit 2 the name "ttr"); the rest is the file, read through read_distribution as the
// faults section does. A distribution that loads must draw what the schedule relies on (finite times
// >= 0) and have a finite mean and variance.
#include <cmath>
#include <random>
#include <string>

#include "faults/distribution_parse.hpp"
#include "fuzz_support.hpp"
#include "util/csv.hpp"
#include "util/json_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using vsf::fuzz::fail;
  static const vsf::fuzz::ScratchFile scratch("failures.csv");
  if (size == 0) return 0;
  const uint8_t flags = data[0];
  const std::string_view csv = vsf::fuzz::as_text(data + 1, size - 1);
  nlohmann::json spec = {{"dist", "csv"}, {"file", scratch.write(csv)}};
  if (flags & 1) spec["values"] = "instants";
  if (flags & 4) {
    spec["column"] = "ttr";
  } else if (flags & 2) {
    const std::vector<vsf::CsvRow> rows = vsf::parse_csv(csv);
    // The loader takes a column name from JSON, which holds only valid UTF-8.
    if (!rows.empty() && !rows[0].fields.empty()) spec["column"] = vsf::valid_utf8(rows[0].fields[0]);
  }
  vsf::Diagnostics diags;
  const vsf::Source src{"fuzz.json", &diags};
  const std::optional<vsf::faults::Distribution> d = vsf::faults::detail::read_distribution(src, spec, "/faults/0/ttf");
  if (d.has_value() == !diags.empty()) fail("a distribution and problems, or neither");
  if (!d) {
    vsf::fuzz::check_reported(vsf::InputError(diags));
    return 0;
  }
  if (d->samples_s.empty()) fail("an empirical distribution without samples");
  for (double s : d->samples_s)
    if (!std::isfinite(s) || s < 0) fail("a sample is not a finite time >= 0");
  std::mt19937_64 rng(1);
  for (int i = 0; i < 16; ++i) {
    const double x = d->draw(rng);
    if (!std::isfinite(x) || x < 0) fail("a draw is not a finite time >= 0");
  }
  if (!std::isfinite(d->mean()) || !std::isfinite(d->variance())) fail("the mean or variance is not finite");
  return 0;
}
