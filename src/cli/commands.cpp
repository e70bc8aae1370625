// run, validate and graph. Everything that can be wrong with the input (scenario, models, traces,
// --set values, the output path) is checked before the simulation starts, so bad input never leaves a
// directory behind; results appear only once complete (OutputDir), with run.json, the record of how
// they were made (run_record.hpp).
#include "cli/commands.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "cli/initial_allocation.hpp"
#include "cli/output_dir.hpp"
#include "cli/run_record.hpp"
#include "grid/grid_model.hpp"
#include "metrics/recorder.hpp"
#include "scenario/loader.hpp"
#include "sim/engine/run_simulation.hpp"
#include "util/errors.hpp"

namespace vsf::cli {

namespace {

// The loader reads the values; the shape POINTER=VALUE is a command-line matter, reported here with
// every bad --set at once.
void check_sets(const std::vector<std::string>& sets) {
  Diagnostics diags;
  for (const auto& s : sets) {
    auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0 || s[0] != '/')
      diags.add("--set", "", fmt::format("expected POINTER=VALUE such as /duration=2h, found \"{}\"", s));
  }
  diags.throw_if_any();
}

// A scenario file or a run.json (run_record.hpp).
Input load(const std::string& file, const std::vector<std::string>& sets, std::optional<uint64_t> seed) {
  check_sets(sets);
  LoadOptions options;
  options.sets = sets;
  options.seed = seed;
  return load_input(file, options);
}

void write_run_record(const std::string& dir, const nlohmann::ordered_json& record) {
  std::ofstream out(std::filesystem::path(dir) / "run.json", std::ios::binary | std::ios::trunc);
  out << record.dump(2) << "\n";
  out.close();
  if (!out) throw InputError("-o", "", fmt::format("cannot write \"{}/run.json\"", dir));  // a full disk, say
}

int total_cpus_of_initial_vsfs(const Scenario& s) {
  int n = 0;
  for (const auto& v : s.vsfs) {
    n += v.lb.enabled ? 1 : 0;
    for (const auto& t : v.tiers) n += t.initial;
  }
  return n;
}

}  // namespace

int run_command(const RunArgs& args) {
  const Input input = load(args.scenario, args.sets, args.seed);
  const Scenario& scenario = input.loaded.scenario;
  const nlohmann::ordered_json record = run_record(input, {args.argv, args.scenario, args.sets});
  // Claimed before the simulation: an unwritable or busy -o fails now, not after hours of simulating.
  // A bad -o and a bad --trace are reported together; the trace file is checked here and written last.
  Diagnostics paths;
  if (args.trace) {
    try {
      check_output_file(*args.trace, "--trace", "trace.json");
    } catch (const InputError& e) {
      paths.append(e.diagnostics());
    }
  }
  std::optional<OutputDir> claimed;
  try {
    claimed.emplace(args.output ? *args.output : default_output_dir(scenario.name, args.scenario));
  } catch (const InputError& e) {
    paths.append(e.diagnostics());
  }
  paths.throw_if_any();
  OutputDir& out = *claimed;
  grid::GridModel grid(scenario);
  Recorder recorder(scenario);
  if (args.trace) recorder.keep_trace();
  recorder.spill_rows_in(out.parent().string());  // the rows take room on the results' filesystem
  sim::RunOptions options;
  options.log_settings = args.log_settings;
  options.progress = args.progress;
  options.isolation_check = args.full_isolation_check ? grid::IsolationCheck::Full : grid::IsolationCheck::Incremental;
  sim::run_simulation(scenario, grid, recorder, options);
  out.commit([&](const std::string& staging) {
    recorder.write(staging);
    write_run_record(staging, record);
    sim::throw_if_stopped(scenario.duration_s);  // a signal while writing: the staging directory goes
  });
  // After the results: a trace path inside DIR then survives the swap (as a file of the user's there).
  if (args.trace) write_file_atomically(*args.trace, recorder.chrome_trace(), "--trace");
  std::cout << recorder.human_summary();
  std::cout << fmt::format("results: {}\n", out.path());
  return 0;
}

int validate_command(const ValidateArgs& args) {
  const Scenario scenario = load(args.scenario, args.sets, args.seed).loaded.scenario;
  grid::GridModel grid(scenario);  // structural problems (ports, cabling) surface here
  std::cout << fmt::format("ok: {}: {} CPUs, {} VSFs ({} CPUs allocated at start), {} simulated seconds\n",
                           args.scenario, grid.cpu_count(), scenario.vsfs.size(), total_cpus_of_initial_vsfs(scenario),
                           scenario.duration_s);
  return 0;
}

int graph_command(const GraphArgs& args) {
  Scenario scenario = load(args.scenario, args.sets, std::nullopt).loaded.scenario;
  if (args.output) check_output_file(*args.output);
  grid::GridModel grid(scenario);
  int missing = 0;
  if (!args.bare) missing = apply_initial_allocation(scenario, grid);
  std::vector<std::string> names;
  for (const auto& v : scenario.vsfs) names.push_back(v.name);
  std::string dot = grid.to_dot(names);
  if (missing > 0)
    std::cerr << fmt::format(
        "note: {} initial CPUs do not fit in the grid at once (VSFs starting later reuse "
        "CPUs); the picture shows those that fit\n",
        missing);
  if (!args.output) {
    std::cout << dot;
  } else {
    write_file_atomically(*args.output, dot);
    std::cerr << fmt::format("wrote {} ({} vertices, {} edges)\n", *args.output, grid.vertex_count(),
                             grid.edge_count());
  }
  return 0;
}

}  // namespace vsf::cli
