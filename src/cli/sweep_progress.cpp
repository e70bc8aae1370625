#include "cli/sweep_progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <string>

namespace vsf::cli {

namespace {

// "3.2 s", "12 min 5 s", "2 h 3 min": as `vsfsim run`'s progress
std::string wall_text(double s) {
  if (s < 60) return fmt::format("{:.1f} s", s);
  if (s < 3600) return fmt::format("{:.0f} min {:.0f} s", std::floor(s / 60), std::floor(std::fmod(s, 60)));
  return fmt::format("{:.0f} h {:.0f} min", std::floor(s / 3600), std::floor(std::fmod(s, 3600) / 60));
}

}  // namespace

SweepProgress::SweepProgress(bool enabled, int total, int done_before, int failed_before)
    : enabled_(enabled),
      terminal_(::isatty(STDERR_FILENO) != 0),
      total_(total),
      done_before_(done_before),
      failed_(failed_before),
      start_(std::chrono::steady_clock::now()) {
  if (enabled_ && terminal_) print(false);
}

void SweepProgress::run_ended(bool ok) {
  ++done_;
  failed_ += ok ? 0 : 1;
  if (!enabled_) return;
  const int done = done_before_ + done_;
  if (terminal_) {
    print(false);
  } else if (done >= next_mark_) {
    print(false);
    while (next_mark_ <= done) next_mark_ += std::max(1, total_ / 20);
  }
}

void SweepProgress::finish() {
  // Off a terminal the last run's line may already say it all.
  if (enabled_ && (terminal_ || printed_ != done_before_ + done_)) print(true);
}

void SweepProgress::print(bool final) {
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const int done = done_before_ + done_;
  const int remaining = total_ - done;
  std::string eta = "ETA ?";
  if (remaining == 0)
    eta = "done";
  else if (done_ > 0)
    eta = "ETA " + wall_text(wall / done_ * remaining);
  std::fprintf(stderr, "%sruns %d/%d done (%3.0f%%), %d failed, elapsed %s, %s%s%s", terminal_ ? "\r" : "", done,
               total_, total_ > 0 ? 100.0 * done / total_ : 100.0, failed_, wall_text(wall).c_str(), eta.c_str(),
               terminal_ ? "\x1b[K" : "", final || !terminal_ ? "\n" : "");
  std::fflush(stderr);
  printed_ = done;
}

}  // namespace vsf::cli
