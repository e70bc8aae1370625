// Following a Slurm job without slurmdbd (so without sacct): squeue alone says whether tasks are left,
// and the runs' records say how far the job is.
#include "sweep/slurm_wait.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <iostream>
#include <thread>

#include "sweep/capture.hpp"
#include "sweep/record.hpp"

namespace vsf::sweep {

namespace {

constexpr auto kPollEvery = std::chrono::milliseconds(1500);
constexpr auto kPollStep = std::chrono::milliseconds(100);  // how soon a signal stops the waiting
constexpr int kSqueueFailuresBeforeGivingUp = 40;           // a minute of a controller that does not answer

std::string clock_text(std::chrono::steady_clock::duration d) {
  const auto s = std::chrono::duration_cast<std::chrono::seconds>(d).count();
  return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
                   : fmt::format("{}:{:02}", s / 60, s % 60);
}

volatile std::sig_atomic_t g_wait_signal = 0;
extern "C" void note_wait_signal(int sig) {
  if (g_wait_signal == 0) g_wait_signal = sig;
}

// While the command waits, SIGINT and SIGTERM stop the waiting, not the job (scancel does that): the
// handler only notes the signal, and the loop says what keeps running.
class StopWaitingOnSignal {
 public:
  StopWaitingOnSignal() {
    g_wait_signal = 0;
    struct sigaction a {};
    a.sa_handler = note_wait_signal;
    sigemptyset(&a.sa_mask);
    ::sigaction(SIGINT, &a, &int_);
    ::sigaction(SIGTERM, &a, &term_);
  }
  ~StopWaitingOnSignal() {
    ::sigaction(SIGINT, &int_, nullptr);
    ::sigaction(SIGTERM, &term_, nullptr);
  }
  StopWaitingOnSignal(const StopWaitingOnSignal&) = delete;
  StopWaitingOnSignal& operator=(const StopWaitingOnSignal&) = delete;
  int signal() const { return g_wait_signal; }

 private:
  struct sigaction int_ {};
  struct sigaction term_ {};
};

// The job's progress, counted from its runs' records: on a terminal one line rewritten in place;
// elsewhere (a log) a line at every 5 % of the runs, as the local backend does.
class WaitProgress {
 public:
  WaitProgress(bool enabled, std::string job, const std::vector<const RunSpec*>& runs, const Layout& layout)
      : enabled_(enabled),
        terminal_(::isatty(STDERR_FILENO) == 1),
        job_(std::move(job)),
        runs_(runs),
        layout_(layout),
        start_(std::chrono::steady_clock::now()) {}

  void show(std::optional<int> queued) {
    if (!enabled_) return;
    int done = 0, bad = 0;
    for (const RunSpec* r : runs_) {
      if (const auto rec = read_record(layout_, *r)) {
        ++done;
        bad += rec->status != RunStatus::Ok;
      }
    }
    const int step = static_cast<int>(done * 20 / std::max<size_t>(runs_.size(), 1));
    if (!terminal_ && step == last_step_) return;
    last_step_ = step;
    std::cerr << fmt::format("{}slurm job {}: {}/{} runs done, {} not ok, {} task(s) in the queue, {}{}",
                             terminal_ ? "\r\033[K" : "", job_, done, runs_.size(), bad,
                             queued ? std::to_string(*queued) : std::string("?"), elapsed(), terminal_ ? "" : "\n")
              << std::flush;
  }
  void clear() const {
    if (enabled_ && terminal_) std::cerr << "\r\033[K";
  }
  std::string elapsed() const { return clock_text(std::chrono::steady_clock::now() - start_); }

 private:
  bool enabled_, terminal_;
  std::string job_;
  const std::vector<const RunSpec*>& runs_;
  const Layout& layout_;
  std::chrono::steady_clock::time_point start_;
  int last_step_ = -1;
};

}  // namespace

std::optional<int> tasks_in_queue(const std::string& job, std::string* error, const std::string& workdir) {
  const Captured q = capture({"squeue", "-h", "-r", "-j", job, "-o", "%Z"});
  if (!q.started) {
    *error = "squeue: " + q.error;
    return std::nullopt;
  }
  if (q.exit_code == 0) {
    int n = 0;
    size_t from = 0;
    for (size_t end; (end = q.out.find('\n', from)) != std::string::npos; from = end + 1)
      n += workdir.empty() || q.out.compare(from, end - from, workdir) == 0;
    return n;
  }
  if (q.err.find("Invalid job id") != std::string::npos) return 0;
  *error = "squeue failed: " + trimmed_output(q.err);
  return std::nullopt;
}

int wait_for(const std::string& job, const Layout& layout, const std::vector<const RunSpec*>& submitted,
             bool progress) {
  const StopWaitingOnSignal stop;
  WaitProgress shown(progress, job, submitted, layout);
  int failures = 0;
  std::string error;
  for (;;) {
    const auto queued = tasks_in_queue(job, &error);
    if (queued && *queued == 0) break;
    failures = queued ? 0 : failures + 1;
    if (failures >= kSqueueFailuresBeforeGivingUp) {
      shown.clear();
      std::cerr << fmt::format("slurm: stopped waiting for job {}: {}\n", job, error);
      return -1;
    }
    shown.show(queued);
    for (auto t = kPollEvery; t.count() > 0 && stop.signal() == 0; t -= kPollStep)
      std::this_thread::sleep_for(kPollStep);
    if (stop.signal() != 0) {
      shown.clear();
      std::cerr << fmt::format("slurm: stopped waiting (signal {}); job {} keeps running (`scancel {}` stops it)\n",
                               stop.signal(), job, job);
      return stop.signal();
    }
  }
  shown.clear();
  std::cerr << fmt::format("slurm: job {} has left the queue after {}\n", job, shown.elapsed());
  return 0;
}

}  // namespace vsf::sweep
