// The vsfsim command line: `run`, `validate`, `graph` (CLI11). Exit status 0 on success, 2 on bad
// input (scenario, models, traces, --set, output path, or the command line itself), 1 on an internal
// error, 130 (143) when SIGINT (SIGTERM) stopped a run. Results and the human summary go to stdout; diagnostics, logs
// and progress to stderr.
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
    "Exit status: 0 success, 2 bad input, 1 internal error, 130 (143) interrupted by SIGINT (SIGTERM).\n"
    "Environment: VSFSIM_MODELS, the folder of model files for scenarios without a `models` key\n"
    "  (default: PREFIX/share/vsfsim/models of an installed vsfsim, the source tree's models/ in a build).\n"
    "Examples:\n"
    "  vsfsim run scenarios/quickstart.json\n"
    "  vsfsim run scenarios/quickstart.json -o out/q7 --seed 7 --set /duration=10min\n"
    "  vsfsim run scenarios/quickstart.json --set /vsfs/0/tiers/1/max=12 --log vsf_dataplane.thres:verbose\n"
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
  CLI::Option* run_seed_opt = nullptr;
  CLI::Option* validate_seed_opt = nullptr;
  CLI::Option* run_output_opt = nullptr;  // given at all? (-o '' is an error, not "the default")
  CLI::Option* graph_output_opt = nullptr;
  vsf::cli::RunArgs run;
  vsf::cli::ValidateArgs validate;
  vsf::cli::GraphArgs graph;
  std::string run_seed, validate_seed;
  std::string run_output, graph_output;
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
                                 "Show simulated and wall time on stderr while running "
                                 "(default when stderr is a terminal)");
  auto* off = c.run_cmd->add_flag("--no-progress", c.progress_off, "Never show progress");
  on->excludes(off);
  c.run_cmd
      ->add_option("--check-isolation", c.isolation_check,
                   "How the isolation check after each reconfiguration searches the fabric: incremental (default: "
                   "again only the VSFs, public VLAN and control plane the change can affect) or full (every "
                   "search, every time; slower on big grids). Both find the same violations")
      ->check(CLI::IsMember({"incremental", "full"}))
      ->type_name("MODE");
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

// Runs the chosen subcommand; input errors and bugs become the exit status (every problem on stderr).
int dispatch(Commands& c) {
  try {
    if (*c.run_cmd) {
      if (c.run_seed_opt->count() > 0) c.run.seed = *seed_value(c.run_seed);
      if (c.run_output_opt->count() > 0) c.run.output = c.run_output;
      c.run.progress = c.progress_on || (!c.progress_off && ::isatty(STDERR_FILENO));
      c.run.full_isolation_check = c.isolation_check == "full";
      vsf::sim::install_stop_handlers();
      return vsf::cli::run_command(c.run);
    }
    if (*c.validate_cmd) {
      if (c.validate_seed_opt->count() > 0) c.validate.seed = *seed_value(c.validate_seed);
      return vsf::cli::validate_command(c.validate);
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
    if (arg == "run" || arg == "validate" || arg == "graph") return std::nullopt;
    return "unknown command \"" + std::string(arg) + "\"" + vsf::suggestion_suffix(arg, {"run", "validate", "graph"});
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
  add_run(app, commands);
  add_validate(app, commands);
  add_graph(app, commands);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with status 0; every real usage error is bad input
    return app.exit(e) == 0 ? kOk : kBadInput;
  }
  return dispatch(commands);
}
