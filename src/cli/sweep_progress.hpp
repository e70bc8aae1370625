// The progress display of `vsfsim sweep` on stderr: runs done of total, failures, elapsed wall time and
// an ETA from the pace of the runs this invocation finished. On a terminal one line is rewritten (\r);
// elsewhere (--progress into a log) a line is printed at every 5 % of the runs. A final line follows.
#pragma once

#include <chrono>

namespace vsf::cli {

class SweepProgress {
 public:
  // `done_before`: runs already finished by an earlier invocation (--resume), counted as done but not
  // in the pace.
  SweepProgress(bool enabled, int total, int done_before, int failed_before);
  void run_ended(bool ok);
  void finish();

 private:
  void print(bool final);

  bool enabled_;
  bool terminal_;
  int total_, done_before_, done_ = 0, failed_;
  int next_mark_ = 0;
  int printed_ = -1;  // runs done when the last line was printed
  std::chrono::steady_clock::time_point start_;
};

}  // namespace vsf::cli
