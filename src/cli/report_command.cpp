// vsfsim report: a thin front for tools/report/vsfsim_report.py. The figures are matplotlib's, which only
// Python has; the binary's part is what users expect of every subcommand: one name to remember, the same
// checks and messages for DIR as `vsfsim sweep --collect`, and exit status 2 on bad input before Python
// starts. The script writes the HTML atomically (a temporary file beside it, then a rename).
#include "cli/report_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <vector>

#include "util/errors.hpp"

#ifndef VSFSIM_BUILD_DIR
#define VSFSIM_BUILD_DIR ""
#endif
#ifndef VSFSIM_SOURCE_DIR
#define VSFSIM_SOURCE_DIR ""
#endif

namespace vsf::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPython = "/usr/bin/python3";  // Debian's: the one python3-matplotlib installs into
constexpr const char* kScript = "vsfsim_report.py";
constexpr int kInternalError = 1;

bool is_within(const fs::path& path, const fs::path& dir) {
  if (path.empty() || dir.empty()) return false;
  std::error_code ec;
  const fs::path p = fs::weakly_canonical(path, ec), d = fs::weakly_canonical(dir, ec);
  auto [d_end, p_it] = std::mismatch(d.begin(), d.end(), p.begin(), p.end());
  return d_end == d.end() || (std::next(d_end) == d.end() && d_end->empty());
}

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// The checks the script repeats, made here so a typo costs no Python start-up and reads like the other
// subcommands' errors. All problems at once.
void check_args(const ReportArgs& args, const std::string& output) {
  Diagnostics diags;
  std::error_code ec;
  const fs::path dir(args.dir);
  if (args.dir.empty()) {
    diags.add("DIR", "", "expected a run's results directory or a sweep's directory, found \"\"");
  } else if (!fs::is_directory(dir, ec)) {
    diags.add(args.dir, "", "not a directory (expected a run's results directory or a sweep's directory)");
  } else if (!is_file(dir / "summary.json") && !is_file(dir / "sweep.json")) {
    diags.add(args.dir, "",
              "neither a run's results directory (no summary.json) nor a sweep's directory (no sweep.json)");
  }
  if (args.output && args.output->empty()) {
    diags.add("-o", "", "expected an HTML file to write, found \"\"");
  } else if (!output.empty()) {
    const fs::path out(output);
    const fs::path folder = out.has_parent_path() ? out.parent_path() : fs::path(".");
    if (fs::is_directory(out, ec))
      diags.add(output, "", "a directory; expected an HTML file to write");
    else if (!fs::is_directory(folder, ec) && args.output)  // DIR/report.html: DIR is checked above
      diags.add(output, "", "its folder " + folder.generic_string() + " does not exist");
  }
  if (!diags.empty()) throw InputError(std::move(diags));
}

}  // namespace

std::string find_report_script(const std::string& exe, const std::string& build_dir, const std::string& source_dir) {
  if (!exe.empty()) {
    const fs::path installed = fs::path(exe).parent_path().parent_path() / "share" / "vsfsim" / "report" / kScript;
    if (is_file(installed)) return installed.generic_string();
  }
  if (is_within(exe, build_dir) && !source_dir.empty()) {
    const fs::path source = fs::path(source_dir) / "tools" / "report" / kScript;
    if (is_file(source)) return source.generic_string();
  }
  return "";
}

int report_command(const ReportArgs& args) {
  const std::string output = args.output ? *args.output : (fs::path(args.dir) / "report.html").generic_string();
  check_args(args, output);
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  const std::string script = find_report_script(ec ? "" : exe.generic_string(), VSFSIM_BUILD_DIR, VSFSIM_SOURCE_DIR);
  if (script.empty()) {
    std::cerr << "error: the report script " << kScript << " was not found (looked in PREFIX/share/vsfsim/report "
              << "beside the executable, and in the source tree's tools/report for a build-tree executable)\n";
    return kInternalError;
  }
  std::vector<std::string> words = {kPython, script, args.dir, "-o", output};
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  std::cout.flush();
  ::execv(kPython, argv.data());
  std::cerr << "error: cannot run " << kPython << " (" << std::strerror(errno)
            << "): vsfsim report needs Python 3 with python3-matplotlib and python3-pandas (tools/install-deps)\n";
  return kInternalError;
}

}  // namespace vsf::cli
