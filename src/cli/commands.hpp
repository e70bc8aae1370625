// The three subcommands of the vsfsim binary, as plain functions over parsed arguments (main.cpp owns
// the command line). Each returns the process exit status; bad input is thrown as vsf::InputError.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vsf::cli {

struct RunArgs {
  std::vector<std::string> argv;      // the whole command line, for run.json
  std::string scenario;               // a scenario file or a run.json
  std::optional<std::string> output;  // none: out/<scenario name>; "" is bad input
  std::optional<uint64_t> seed;
  std::vector<std::string> sets;  // POINTER=VALUE
  std::vector<std::string> log_settings;
  bool progress = false;
  bool full_isolation_check = false;  // --check-isolation full
};

struct ValidateArgs {
  std::string scenario;
  std::optional<uint64_t> seed;
  std::vector<std::string> sets;
};

struct GraphArgs {
  std::string scenario;
  std::optional<std::string> output;  // none: stdout; "" is bad input
  std::vector<std::string> sets;
  bool bare = false;  // the fabric only, every CPU idle
};

int run_command(const RunArgs& args);
int validate_command(const ValidateArgs& args);
int graph_command(const GraphArgs& args);

}  // namespace vsf::cli
