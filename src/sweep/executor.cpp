// One child process per run. The sweep polls its children (waitpid with WNOHANG every few milliseconds)
// rather than sleeping in wait(): the same loop then sees timeouts and a stop request without signal
// races. Children get their own process group, so a terminal's ^C reaches only the sweep, which stops
// them itself and knows that their ends are not failures to record.
#include "sweep/executor.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstring>
#include <map>
#include <thread>

#include "sweep/atomic_file.hpp"
#include "util/errors.hpp"

namespace vsf::sweep {

namespace {

using Clock = std::chrono::steady_clock;

volatile std::sig_atomic_t g_stop_signal = 0;

extern "C" void on_stop(int sig) {
  if (g_stop_signal == 0) g_stop_signal = sig;
}

// Installs the stop handlers for the lifetime of an execute() and puts the previous ones back.
class StopHandlers {
 public:
  StopHandlers() {
    g_stop_signal = 0;
    struct sigaction action {};
    action.sa_handler = on_stop;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;  // a second ^C ends the sweep at once; its runs die with it (PDEATHSIG)
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
  }
  ~StopHandlers() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  StopHandlers(const StopHandlers&) = delete;
  StopHandlers& operator=(const StopHandlers&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

struct Child {
  const RunSpec* run = nullptr;
  Clock::time_point start;
  bool timed_out = false;
};

std::vector<std::string> child_argv(const Layout& layout, const RunSpec& run, const ExecOptions& o) {
  std::vector<std::string> argv{
      o.vsfsim, "run", o.scenario, "-o", layout.run_dir(run).string(), "--seed", std::to_string(run.seed)};
  for (const auto& [pointer, value] : run.sets) {
    argv.push_back("--set");
    argv.push_back(pointer + "=" + value.dump());  // compact JSON: the CLI reads it back as the same value
  }
  argv.push_back("--no-progress");
  return argv;
}

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

// Everything that can fail is prepared before fork(): the child only rewires descriptors and execs
// (async-signal-safe calls only).
pid_t spawn(const Layout& layout, const RunSpec& run, const ExecOptions& o) {
  const auto log = layout.stderr_log(run);
  create_dirs_durably(log.parent_path());
  create_dirs_durably(layout.run_dir(run).parent_path());
  const int err_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (err_fd < 0)
    throw InputError(log.string(), "", fmt::format("cannot create the run's log: {}", std::strerror(errno)));
  const int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  const auto args = child_argv(layout, run, o);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the sweep died before prctl took effect
    if (null_fd >= 0) {
      ::dup2(null_fd, STDIN_FILENO);
      ::dup2(null_fd, STDOUT_FILENO);
    }
    ::dup2(err_fd, STDERR_FILENO);
    ::execv(argv[0], argv.data());
    const char msg[] = "vsfsim sweep: cannot execute the vsfsim binary\n";
    [[maybe_unused]] auto ignored = ::write(STDERR_FILENO, msg, sizeof msg - 1);
    ::_exit(127);
  }
  const int fork_errno = errno;
  ::close(err_fd);
  if (null_fd >= 0) ::close(null_fd);
  if (pid < 0)
    throw InputError(layout.dir.string(), "", fmt::format("cannot start a run: fork: {}", std::strerror(fork_errno)));
  ::setpgid(pid, pid);  // also from here: whichever of the two runs first, the group exists before a kill
  return pid;
}

RunRecord record_of(const Child& c, int status, const std::string& host) {
  RunRecord r;
  r.point_id = c.run->point_id;
  r.replication = c.run->replication;
  r.seed = c.run->seed;
  r.host = host;
  r.wall_s = std::round(std::chrono::duration<double>(Clock::now() - c.start).count() * 1000) / 1000;
  if (WIFEXITED(status)) {
    r.exit_code = WEXITSTATUS(status);
    r.status = r.exit_code == 0 ? RunStatus::Ok : RunStatus::Failed;
  } else if (WIFSIGNALED(status)) {
    r.signal = WTERMSIG(status);
    r.status = c.timed_out ? RunStatus::TimedOut : RunStatus::Signalled;
  }
  return r;
}

// After a stop request a child's end says nothing about its run unless it finished on its own: exit 0
// (its results are in place) or a genuine failure (1 or 2); 128+N is the stop itself.
bool ended_on_its_own(int status) { return WIFEXITED(status) && WEXITSTATUS(status) <= 2; }

// The children of one execute(): started up to `jobs` at once, reaped, timed out, stopped.
class Pool {
 public:
  Pool(const Layout& layout, const ExecOptions& options, const OnRunEnd& on_end)
      : layout_(layout), options_(options), on_end_(on_end), host_(host_name()), jobs_(std::max(1, options.jobs)) {}
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // A record that cannot be written (a full disk) ends execute(): the children must not outlive it.
  ~Pool() {
    for (const auto& [pid, c] : children_) ::kill(-pid, SIGKILL);
    for (const auto& [pid, c] : children_) ::waitpid(pid, nullptr, 0);
  }

  ExecResult run(const std::vector<RunSpec>& runs) {
    constexpr auto kPoll = std::chrono::milliseconds(20);
    size_t next = 0;
    while (true) {
      if (!stopping_ && g_stop_signal != 0) stop();
      while (!stopping_ && static_cast<int>(children_.size()) < jobs_ && next < runs.size()) {
        const RunSpec& run = runs[next++];
        if (read_record(layout_, run)) continue;
        const pid_t pid = spawn(layout_, run, options_);
        children_[pid] = Child{&run, Clock::now(), false};
      }
      if (children_.empty() && (stopping_ || next >= runs.size())) break;
      int status = 0;
      pid_t pid;
      while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0) finish(pid, status);
      kill_late();
      std::this_thread::sleep_for(kPoll);
    }
    return result_;
  }

 private:
  void stop() {
    stopping_ = true;
    result_.interrupted = true;
    result_.signal = g_stop_signal;
    stop_sent_ = Clock::now();
    for (const auto& [pid, c] : children_) ::kill(-pid, SIGTERM);
  }

  void kill_late() {
    constexpr auto kGrace = std::chrono::seconds(5);  // SIGTERM lets a child remove its staging dir
    const auto now = Clock::now();
    for (auto& [pid, c] : children_) {
      const bool late = options_.timeout_s && !c.timed_out &&
                        std::chrono::duration<double>(now - c.start).count() > *options_.timeout_s;
      if (late) c.timed_out = true;
      if (late || (stopping_ && now - stop_sent_ > kGrace)) ::kill(-pid, SIGKILL);
    }
  }

  void finish(pid_t pid, int status) {
    auto it = children_.find(pid);
    if (it == children_.end()) return;
    const Child child = it->second;
    children_.erase(it);
    if (stopping_ && !ended_on_its_own(status)) return;
    const RunRecord record = record_of(child, status, host_);
    write_record(layout_, *child.run, record);
    ++result_.ran;
    ++(record.status == RunStatus::Ok ? result_.ok : result_.failed);
    if (on_end_) on_end_(*child.run, record);
  }

  const Layout& layout_;
  const ExecOptions& options_;
  const OnRunEnd& on_end_;
  const std::string host_;
  const int jobs_;
  std::map<pid_t, Child> children_;
  ExecResult result_;
  bool stopping_ = false;
  Clock::time_point stop_sent_;
};

}  // namespace

ExecResult execute(const Layout& layout, const std::vector<RunSpec>& runs, const ExecOptions& options,
                   const OnRunEnd& on_end) {
  const StopHandlers handlers;
  Pool pool(layout, options, on_end);
  return pool.run(runs);
}

}  // namespace vsf::sweep
