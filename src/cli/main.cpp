// The vsfsim command line: `run`, `validate`, `graph`, `sweep`, `report` (CLI11). Exit status 0 on success, 2 on
// bad input (scenario, models, traces, --set, output path, or the command line itself), 1 on an internal
// error (for `sweep`: also some run did not succeed), 130 (143) when SIGINT (SIGTERM) stopped a run or a
// sweep. Results and the human summary go to stdout; diagnostics, logs and progress to stderr.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "cli/report_command.hpp"
#include "sim/engine/run_simulation.hpp"
#include "util/errors.hpp"
#include "util/numbers.hpp"
#include "util/suggest.hpp"

#ifndef VSFSIM_VERSION
#define VSFSIM_VERSION "unknown"
#endif

namespace {

constexpr int kOk = 0;
constexpr int kInternalError = 1;
constexpr int kBadInput = 2;

const char* const kDescription =
    "vsfsim: a discrete-event simulator (SimGrid) of a utility computing grid of diskless CPUs, VLAN and SAN\n"
    "switches, where per-customer Virtual Server Farms grow and shrink from a shared idle pool\n"
    "(patent WO 02/03203).";

const char* const kFooter =
    "Exit status: 0 success, 2 bad input, 1 internal error (sweep: some run not ok), 130 (143) interrupted by\n"
    "  SIGINT (SIGTERM).\n"
    "Environment: VSFSIM_MODELS, the folder of model files for scenarios without a `models` key\n"
    "  (default: PREFIX/share/vsfsim/models of an installed vsfsim, the source tree's models/ in a build).\n"
    "Examples:\n"
    "  vsfsim run scenarios/quickstart.json\n"
    "  vsfsim run scenarios/quickstart.json -o out/q7 --seed 7 --set /duration=10min\n"
    "  vsfsim run scenarios/quickstart.json --set /vsfs/0/tiers/1/max=12 --log vsf_dataplane.thres:verbose\n"
    "  vsfsim validate scenarios/quickstart.json\n"
    "  vsfsim graph scenarios/patent-walkthrough.json -o grid.dot && dot -Tsvg grid.dot > grid.svg\n"
    "  vsfsim sweep scenarios/sweeps/idle-pool.json -j 4\n"
    "  vsfsim sweep scenarios/sweeps/idle-pool.json --resume\n"
    "  vsfsim report out/quickstart          # writes out/quickstart/report.html";

const char* const kSetHelp =
    "Override a scenario value before validation, by JSON pointer (repeatable, applied in order). "
    "VALUE is read as JSON when it parses (12, true, [1,2]), else as a string (2h, 1Gbps). "
    "Example: --set /vsfs/0/tiers/1/max=12";

// A repeatable option that takes exactly one value per occurrence, so `--set /a=1 SCENARIO` leaves the
// scenario to the positional argument.
template <typename T>
CLI::Option* add_repeatable(CLI::App* app, const std::string& name, std::vector<T>& into, const std::string& help,
                            const std::string& type_name) {
  return app->add_option(name, into, help)->type_name(type_name)->allow_extra_args(false);
}

// The seed is read by hand: CLI11 would wrap "-3" around to 2^64-3 and accept 2^64 silently. Leading
// zeros are fine on a command line ("007").
std::optional<uint64_t> seed_value(const std::string& text) {
  const size_t first = std::min(text.find_first_not_of('0'), text.size() - 1);
  return vsf::parse_unsigned(std::string_view(text).substr(first));
}

std::string check_seed(const std::string& text) {
  bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits) return "expected an integer >= 0, found \"" + text + "\"";
  if (!seed_value(text)) return "expected an integer below 2^64, found \"" + text + "\"";
  return "";
}

CLI::Option* add_seed(CLI::App* app, std::string& into) {
  return app->add_option("--seed", into, "Random seed (replaces the scenario's \"seed\"; integer >= 0)")
      ->type_name("N")
      ->check(CLI::Validator(check_seed, "", "seed"));
}

// The subcommands and what their options are read into.
struct Commands {
  CLI::App* run_cmd = nullptr;
  CLI::App* validate_cmd = nullptr;
  CLI::App* graph_cmd = nullptr;
  CLI::App* sweep_cmd = nullptr;
  CLI::App* report_cmd = nullptr;
  CLI::Option* sweep_output_opt = nullptr;
  CLI::Option* sweep_task_opt = nullptr;
  CLI::Option* sweep_max_parallel_opt = nullptr;
  CLI::Option* run_seed_opt = nullptr;
  CLI::Option* validate_seed_opt = nullptr;
  CLI::Option* run_output_opt = nullptr;  // given at all? (-o '' is an error, not "the default")
  CLI::Option* graph_output_opt = nullptr;
  vsf::cli::RunArgs run;
  vsf::cli::ValidateArgs validate;
  vsf::cli::GraphArgs graph;
  vsf::cli::SweepArgs sweep;
  vsf::cli::ReportArgs report;
  std::string report_output;
  CLI::Option* report_output_opt = nullptr;
  std::string sweep_output, partition, time_limit, memory;
  int task = 0, max_parallel = 0;
  bool sweep_progress_on = false, sweep_progress_off = false, no_wait = false;
  std::string run_seed, validate_seed;
  std::string run_output, graph_output, run_trace;
  CLI::Option* run_trace_opt = nullptr;
  bool progress_on = false, progress_off = false;
  std::string isolation_check = "incremental";
};

void add_run(CLI::App& app, Commands& c) {
  c.run_cmd = app.add_subcommand("run", "Simulate a scenario and write its results into a directory");
  c.run_cmd->add_option("scenario", c.run.scenario, "Scenario JSON file")->required()->type_name("SCENARIO");
  c.run_output_opt = c.run_cmd
                         ->add_option("-o,--output", c.run_output,
                                      "Results directory (default out/<scenario name>); its results are replaced "
                                      "when the run completes (other files in it are kept), never left half-written")
                         ->type_name("DIR");
  c.run_seed_opt = add_seed(c.run_cmd, c.run_seed);
  add_repeatable(c.run_cmd, "--set", c.run.sets, kSetHelp, "POINTER=VALUE");
  add_repeatable(c.run_cmd, "--log", c.run.log_settings,
                 "SimGrid log setting, passed as --log=SETTING (repeatable), e.g. root.thres:warning or "
                 "vsf_dataplane.thres:verbose",
                 "SETTING");
  auto* on = c.run_cmd->add_flag("--progress", c.progress_on,
                                 "Show simulated and wall time, the recent rate and an ETA on stderr while "
                                 "running (default when stderr is a terminal)");
  auto* off = c.run_cmd->add_flag("--no-progress", c.progress_off, "Never show progress");
  on->excludes(off);
  c.run_cmd
      ->add_option("--check-isolation", c.isolation_check,
                   "How the isolation check after each reconfiguration searches the fabric: incremental (default: "
                   "again only the VSFs, public VLAN and control plane the change can affect) or full (every "
                   "search, every time; slower on big grids). Both find the same violations")
      ->check(CLI::IsMember({"incremental", "full"}))
      ->type_name("MODE");
  c.run_trace_opt = c.run_cmd
                        ->add_option("--trace", c.run_trace,
                                     "Also write the run as a Chrome Trace Event JSON file (CPUs, control plane, "
                                     "VSF counters) to open in ui.perfetto.dev or chrome://tracing; written only "
                                     "when the run completes")
                        ->type_name("FILE.json");
}

void add_validate(CLI::App& app, Commands& c) {
  c.validate_cmd = app.add_subcommand("validate",
                                      "Check a scenario (with its models and traces) and the grid it builds; "
                                      "simulate nothing, write nothing");
  c.validate_cmd->add_option("scenario", c.validate.scenario, "Scenario JSON file")->required()->type_name("SCENARIO");
  c.validate_seed_opt = add_seed(c.validate_cmd, c.validate_seed);
  add_repeatable(c.validate_cmd, "--set", c.validate.sets, kSetHelp, "POINTER=VALUE");
}

void add_graph(CLI::App& app, Commands& c) {
  c.graph_cmd = app.add_subcommand(
      "graph", "Write the grid's fabric as Graphviz DOT, coloured by VSF after the initial allocation");
  c.graph_cmd->add_option("scenario", c.graph.scenario, "Scenario JSON file")->required()->type_name("SCENARIO");
  c.graph_output_opt = c.graph_cmd->add_option("-o,--output", c.graph_output, "DOT file to write (default: stdout)")
                           ->type_name("FILE.dot");
  add_repeatable(c.graph_cmd, "--set", c.graph.sets, kSetHelp, "POINTER=VALUE");
  c.graph_cmd->add_flag("--bare", c.graph.bare, "The fabric only: every CPU in the idle pool");
}

void add_sweep(CLI::App& app, Commands& c) {
  auto* s = c.sweep_cmd = app.add_subcommand(
      "sweep",
      "Run a scenario over axes of values x replications (common random numbers) and tabulate the metrics with "
      "95 % confidence intervals; resumable (scenarios/SWEEPS.md)");
  auto& a = c.sweep;
  s->add_option("input", a.input, "Sweep file (or, with --collect, a sweep's directory)")
      ->required()
      ->type_name("SWEEP");
  c.sweep_output_opt = s->add_option("-o,--output", c.sweep_output, "Sweep directory (default out/sweeps/<sweep name>)")
                           ->type_name("DIR");
  s->add_option("-j,--jobs", a.jobs, "Simulations at once, each its own process (default: the number of cores)")
      ->type_name("N")
      ->check(CLI::Range(1, 4096));
  s->add_option("--backend", a.backend, "Where the runs run: local (default) or slurm (one job array)")
      ->check(CLI::IsMember({"local", "slurm"}))
      ->type_name("B");
  auto* resume = s->add_flag("--resume", a.resume,
                             "Continue the sweep in DIR: run only what has no record yet (the sweep file may only "
                             "have gained points or replications)");
  s->add_flag("--retry-failed", a.retry_failed, "With --resume: also rerun the runs that did not succeed")
      ->needs(resume);
  auto* dry = s->add_flag("--dry-run", a.dry_run, "List the runs (key, seed, --set values) and write nothing");
  auto* collect = s->add_flag("--collect", a.collect,
                              "Rebuild runs.csv and points.csv of the sweep directory given instead of a sweep file "
                              "from what has finished (after --backend slurm --no-wait)");
  collect->excludes(dry)->excludes(resume);
  c.sweep_task_opt = s->add_option("--task", c.task, "One Slurm array task (internal)")->group("")->excludes(collect);
  auto* on = s->add_flag("--progress", c.sweep_progress_on,
                         "Show runs done, failures, elapsed time and ETA on stderr (default when it is a terminal)");
  auto* off = s->add_flag("--no-progress", c.sweep_progress_off, "Never show progress");
  on->excludes(off);
  const std::string slurm = "Slurm (--backend slurm; over the sweep file's \"slurm\")";
  s->add_option("--partition", c.partition, "Partition (sbatch --partition)")->group(slurm)->type_name("P");
  s->add_option("--time", c.time_limit, "Time limit per array task (sbatch --time), e.g. 00:30:00")
      ->group(slurm)
      ->type_name("T");
  s->add_option("--mem", c.memory, "Memory per array task (sbatch --mem), e.g. 2G")->group(slurm)->type_name("M");
  c.sweep_max_parallel_opt = s->add_option("--max-parallel", c.max_parallel, "Array tasks at once (the %M of --array)")
                                 ->group(slurm)
                                 ->type_name("N")
                                 ->check(CLI::Range(1, 1000000));
  add_repeatable(s, "--sbatch-arg", a.sbatch_args, "A further sbatch option, verbatim (repeatable)", "ARG")
      ->group(slurm);
  s->add_flag("--no-wait", c.no_wait, "Submit and return; `vsfsim sweep DIR --collect` builds the tables later")
      ->group(slurm);
}

void add_report(CLI::App& app, Commands& c) {
  c.report_cmd = app.add_subcommand(
      "report",
      "Write a self-contained HTML report (figures, CPU -> VSF Gantt chart, control plane) of a run's "
      "results directory or a sweep's directory; needs python3-matplotlib and python3-pandas");
  c.report_cmd->add_option("dir", c.report.dir, "A run's results directory or a sweep's directory")
      ->required()
      ->type_name("DIR");
  c.report_output_opt = c.report_cmd->add_option("-o,--output", c.report_output, "HTML file (default DIR/report.html)")
                            ->type_name("FILE.html");
}

// The options that only the sweep's own parser knows how to group, turned into SweepArgs.
void finish_sweep_args(Commands& c) {
  auto& a = c.sweep;
  if (c.sweep_output_opt->count() > 0) {
    if (c.sweep_output.empty()) throw vsf::InputError("-o", "", "expected a directory, found \"\"");
    a.output = c.sweep_output;
  }
  if (c.sweep_task_opt->count() > 0) a.task = c.task;
  a.progress = c.sweep_progress_on || (!c.sweep_progress_off && ::isatty(STDERR_FILENO));
  a.wait = !c.no_wait;
  if (!c.partition.empty()) a.partition = c.partition;
  if (!c.time_limit.empty()) a.time_limit = c.time_limit;
  if (!c.memory.empty()) a.memory = c.memory;
  if (c.sweep_max_parallel_opt->count() > 0) a.max_parallel = c.max_parallel;
}

// Runs the chosen subcommand; input errors and bugs become the exit status (every problem on stderr).
int dispatch(Commands& c) {
  try {
    if (*c.run_cmd) {
      if (c.run_seed_opt->count() > 0) c.run.seed = *seed_value(c.run_seed);
      if (c.run_output_opt->count() > 0) c.run.output = c.run_output;
      if (c.run_trace_opt->count() > 0) c.run.trace = c.run_trace;
      c.run.progress = c.progress_on || (!c.progress_off && ::isatty(STDERR_FILENO));
      c.run.full_isolation_check = c.isolation_check == "full";
      vsf::sim::install_stop_handlers();
      return vsf::cli::run_command(c.run);
    }
    if (*c.validate_cmd) {
      if (c.validate_seed_opt->count() > 0) c.validate.seed = *seed_value(c.validate_seed);
      return vsf::cli::validate_command(c.validate);
    }
    if (*c.sweep_cmd) {
      finish_sweep_args(c);
      return vsf::cli::sweep_command(c.sweep);
    }
    if (*c.report_cmd) {
      if (c.report_output_opt->count() > 0) c.report.output = c.report_output;
      return vsf::cli::report_command(c.report);
    }
    if (*c.graph_cmd) {
      if (c.graph_output_opt->count() > 0) c.graph.output = c.graph_output;
      return vsf::cli::graph_command(c.graph);
    }
  } catch (const vsf::sim::Interrupted& e) {
    std::cerr << "interrupted at simulated time " << static_cast<long long>(e.sim_time_s())
              << " s; no results written\n";
    return 128 + e.signal();  // the shell's status for a process ended by that signal
  } catch (const vsf::InputError& e) {
    if (e.diagnostics().empty()) {
      std::cerr << "error: " << e.what() << "\n";
    } else {
      for (const auto& d : e.diagnostics().items()) std::cerr << "error: " << d.format() << "\n";
    }
    return kBadInput;
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << e.what() << "\n";
    return kInternalError;
  } catch (...) {
    std::cerr << "internal error: unknown exception\n";
    return kInternalError;
  }
  return kBadInput;  // unreachable: require_subcommand(1, 1)
}

// The first word that is not an option names the subcommand (the top level has only --help and
// --version, which take no value). CLI11 would call an unknown word "A subcommand is required".
std::optional<std::string> unknown_command(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.empty() || arg[0] == '-') continue;
    if (arg == "run" || arg == "validate" || arg == "graph" || arg == "sweep" || arg == "report") return std::nullopt;
    return "unknown command \"" + std::string(arg) + "\"" +
           vsf::suggestion_suffix(arg, {"run", "validate", "graph", "sweep", "report"});
  }
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{kDescription, "vsfsim"};
  app.footer(kFooter);
  app.set_version_flag("--version", std::string("vsfsim ") + VSFSIM_VERSION);
  app.require_subcommand(1, 1);
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("error: ") + e.what() + "\nRun with --help for more information.\n";
  });
  if (auto message = unknown_command(argc, argv)) {
    std::cerr << "error: " << *message << "\nRun with --help for more information.\n";
    return kBadInput;
  }
  Commands commands;
  commands.run.argv.assign(argv, argv + argc);
  commands.sweep.argv.assign(argv, argv + argc);
  add_run(app, commands);
  add_validate(app, commands);
  add_graph(app, commands);
  add_sweep(app, commands);
  add_report(app, commands);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with status 0; every real usage error is bad input
    return app.exit(e) == 0 ? kOk : kBadInput;
  }
  return dispatch(commands);
}
