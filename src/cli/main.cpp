// The vsfsim command line: `run`, `validate`, `graph` (CLI11). Exit status 0 on success, 2 on bad
// input (scenario, models, traces, --set, output path, or the command line itself), 1 on an internal
// error. Results and the human summary go to stdout; diagnostics, logs and progress to stderr.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "util/errors.hpp"

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
    "Exit status: 0 success, 2 bad input, 1 internal error.\n"
    "Examples:\n"
    "  vsfsim run scenarios/quickstart.json\n"
    "  vsfsim run scenarios/quickstart.json -o out/q7 --seed 7 --set /duration=10min\n"
    "  vsfsim run scenarios/quickstart.json --set /vsfs/0/tiers/1/max=12 --log vsf_dataplane.thres:debug\n"
    "  vsfsim validate scenarios/quickstart.json\n"
    "  vsfsim graph scenarios/patent-walkthrough.json -o grid.dot && dot -Tsvg grid.dot > grid.svg";

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

// The seed is read by hand: CLI11 would wrap "-3" around to 2^64-3 and accept 2^64 silently.
std::string check_seed(const std::string& text) {
  bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits) return "expected an integer >= 0, found \"" + text + "\"";
  try {
    (void)std::stoull(text);
  } catch (const std::out_of_range&) {
    return "expected an integer below 2^64, found \"" + text + "\"";
  }
  return "";
}

CLI::Option* add_seed(CLI::App* app, std::string& into) {
  return app->add_option("--seed", into, "Random seed (replaces the scenario's \"seed\"; integer >= 0)")
      ->type_name("N")
      ->check(CLI::Validator(check_seed, "", "seed"));
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

  vsf::cli::RunArgs run;
  std::string run_seed;
  bool progress_on = false, progress_off = false;
  auto* run_cmd = app.add_subcommand("run", "Simulate a scenario and write its results into a directory");
  run_cmd->add_option("scenario", run.scenario, "Scenario JSON file")->required()->type_name("SCENARIO");
  run_cmd->add_option("-o,--output", run.output,
                      "Results directory (default out/<scenario name>); replaced as a whole when the run "
                      "completes, never left half-written")
      ->type_name("DIR");
  auto* run_seed_opt = add_seed(run_cmd, run_seed);
  add_repeatable(run_cmd, "--set", run.sets, kSetHelp, "POINTER=VALUE");
  add_repeatable(run_cmd, "--log", run.log_settings,
                 "SimGrid log setting, passed as --log=SETTING (repeatable), e.g. root.thres:warning or "
                 "vsf_dataplane.thres:debug",
                 "SETTING");
  auto* on = run_cmd->add_flag("--progress", progress_on, "Show simulated and wall time on stderr while running "
                                                          "(default when stderr is a terminal)");
  auto* off = run_cmd->add_flag("--no-progress", progress_off, "Never show progress");
  on->excludes(off);

  vsf::cli::ValidateArgs validate;
  std::string validate_seed;
  auto* validate_cmd =
      app.add_subcommand("validate", "Check a scenario (with its models and traces) and the grid it builds; "
                                     "simulate nothing, write nothing");
  validate_cmd->add_option("scenario", validate.scenario, "Scenario JSON file")->required()->type_name("SCENARIO");
  auto* validate_seed_opt = add_seed(validate_cmd, validate_seed);
  add_repeatable(validate_cmd, "--set", validate.sets, kSetHelp, "POINTER=VALUE");

  vsf::cli::GraphArgs graph;
  auto* graph_cmd = app.add_subcommand(
      "graph", "Write the grid's fabric as Graphviz DOT, coloured by VSF after the initial allocation");
  graph_cmd->add_option("scenario", graph.scenario, "Scenario JSON file")->required()->type_name("SCENARIO");
  graph_cmd->add_option("-o,--output", graph.output, "DOT file to write (default: stdout)")->type_name("FILE.dot");
  add_repeatable(graph_cmd, "--set", graph.sets, kSetHelp, "POINTER=VALUE");
  graph_cmd->add_flag("--bare", graph.bare, "The fabric only: every CPU in the idle pool");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with status 0; every real usage error is bad input
    return app.exit(e) == 0 ? kOk : kBadInput;
  }

  try {
    if (*run_cmd) {
      if (run_seed_opt->count() > 0) run.seed = std::stoull(run_seed);
      run.progress = progress_on || (!progress_off && ::isatty(STDERR_FILENO));
      return vsf::cli::run_command(run);
    }
    if (*validate_cmd) {
      if (validate_seed_opt->count() > 0) validate.seed = std::stoull(validate_seed);
      return vsf::cli::validate_command(validate);
    }
    if (*graph_cmd) return vsf::cli::graph_command(graph);
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
