// vsfsim report DIR [-o FILE.html]: the HTML report of a run's results directory or a sweep's directory,
// made by tools/report/vsfsim_report.py (Python: matplotlib and pandas draw the figures).
#pragma once

#include <optional>
#include <string>

namespace vsf::cli {

struct ReportArgs {
  std::string dir;                    // a run's results directory or a sweep's directory
  std::optional<std::string> output;  // none: DIR/report.html; "" is bad input
};

// Where the report script is, given the running executable: PREFIX/share/vsfsim/report of an installed
// vsfsim first, then the source tree's tools/report when the executable lies in the build tree it was
// built in. Empty when neither holds the script (tests/e2e/report.py runs both an installed and a build-tree
// vsfsim).
std::string find_report_script(const std::string& exe, const std::string& build_dir, const std::string& source_dir);

// Checks DIR and the output, then replaces this process with /usr/bin/python3 running the script, so the
// script's exit status and messages are the command's. Returns only on failure (bad input: 2).
int report_command(const ReportArgs& args);

}  // namespace vsf::cli
