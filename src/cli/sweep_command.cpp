// vsfsim sweep: check the whole sweep (the file, then every point against the scenario) before anything
// is written; claim DIR (refusing another sweep's, and a changed sweep on --resume); write sweep.json;
// run what has no record yet; rebuild the tables from the records. Every step a crash can interrupt
// leaves DIR consistent: files appear by rename, and a run counts as finished only once its record does.
#include <fcntl.h>
#include <fmt/format.h>
#include <sched.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/build_info.hpp"
#include "cli/commands.hpp"
#include "cli/output_dir.hpp"
#include "cli/sweep_progress.hpp"
#include "cli/sweep_slurm.hpp"
#include "sweep/atomic_file.hpp"
#include "sweep/executor.hpp"
#include "sweep/expand.hpp"
#include "sweep/search_runs.hpp"
#include "sweep/slurm.hpp"
#include "sweep/sweep_doc.hpp"
#include "sweep/sweep_file.hpp"
#include "sweep/tables.hpp"
#include "util/errors.hpp"
#include "util/json_parse.hpp"

namespace vsf::cli {

namespace fs = std::filesystem;
using namespace vsf::sweep;

namespace {

constexpr int kSomeRunFailed = 1;

std::string self_binary() {
  std::error_code ec;
  const auto p = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw std::runtime_error("cannot find this binary (/proc/self/exe): " + ec.message());
  return p.string();
}

int cores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN));
}

nlohmann::json read_json_file(const fs::path& path) {
  Diagnostics diags;
  const auto text = read_text_file(path.string());
  if (!text) throw InputError(path.string(), "", "cannot read this file");
  auto doc = parse_json(path.string(), *text, diags);
  diags.throw_if_any();
  return *doc;
}

// Names in DIR that a sweep may find there before its sweep.json: the hidden leftovers of a sweep.json
// write that a crash interrupted, and the lock.
bool ours_before_sweep_json(const std::string& name) {
  return name == ".sweep.lock" ||
         (name.rfind(".sweep.json.", 0) == 0 && name.size() > 4 && name.compare(name.size() - 4, 4, ".tmp") == 0);
}

// Refuses a DIR that is not a sweep's, or is one without --resume; on --resume, a sweep that is not the
// recorded one plus more points or replications.
void check_dir(const Layout& layout, const SweepArgs& args, const nlohmann::ordered_json& doc) {
  const std::string dir = layout.dir.string();
  std::error_code ec;
  if (!fs::exists(layout.dir, ec)) return;
  if (!fs::is_directory(layout.dir, ec))
    throw InputError(dir, "", "the sweep's output (-o) exists and is not a directory");
  if (fs::exists(layout.sweep_json(), ec)) {
    if (!args.resume)
      throw InputError(dir, "",
                       "already holds a sweep (sweep.json); use --resume to run what is missing, or another -o");
    check_compatible(read_json_file(layout.sweep_json()), doc, dir);
    return;
  }
  for (const auto& entry : fs::directory_iterator(layout.dir, ec)) {
    if (ours_before_sweep_json(entry.path().filename().string())) continue;
    throw InputError(dir, "",
                     "exists, is not empty and holds no sweep.json: not a sweep's directory; choose another -o");
  }
}

// One sweep per DIR at a time: a second would run the same runs into the same folders. The kernel drops
// the lock when the process dies, so a killed sweep never blocks its --resume.
class SweepLock {
 public:
  explicit SweepLock(const Layout& layout) {
    create_dirs_durably(layout.dir);
    const auto path = layout.dir / ".sweep.lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd_ < 0) throw InputError(path.string(), "", fmt::format("cannot create the lock: {}", std::strerror(errno)));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd_);
      throw InputError(layout.dir.string(), "", "another vsfsim sweep is running in this directory");
    }
  }
  ~SweepLock() { ::close(fd_); }
  SweepLock(const SweepLock&) = delete;
  SweepLock& operator=(const SweepLock&) = delete;

 private:
  int fd_ = -1;
};

nlohmann::ordered_json document(const SweepSpec& spec, const Expanded& expanded, const SweepArgs& args) {
  auto doc = sweep_document(spec, expanded, build_version());
  if (doc.contains("vsfsim") && doc["vsfsim"].is_object()) {
    doc["vsfsim"]["commit"] = build_commit();
    doc["vsfsim"]["argv"] = args.argv;
  }
  return doc;
}

void print_dry_run(const Layout& layout, const Expanded& expanded) {
  int todo = 0;
  for (const auto& run : expanded.runs) {
    const bool done = read_record(layout, run).has_value();
    todo += done ? 0 : 1;
    std::string sets;
    for (const auto& [pointer, value] : run.sets) sets += fmt::format(" {}={}", pointer, value.dump());
    std::cout << fmt::format("{}{} seed {}{}\n", run.key(), done ? " (finished)" : "", run.seed, sets);
  }
  std::cout << fmt::format("{} points, {} runs, {} to run; nothing written (--dry-run)\n", expanded.points.size(),
                           expanded.runs.size(), todo);
}

// Every record that is damaged (a hand edit, a disk error), all at once, before anything is written: a
// record that cannot be read would stop the sweep half-way.
void check_records(const Layout& layout, const Expanded& expanded) {
  Diagnostics diags;
  for (const auto& run : expanded.runs) {
    try {
      read_record(layout, run);
    } catch (const InputError& e) {
      diags.append(e.diagnostics());
    }
  }
  diags.throw_if_any();
}

// --retry-failed: a run that did not succeed loses its record, its results and its log, so it runs again.
void forget_failed(const Layout& layout, const Expanded& expanded) {
  for (const auto& run : expanded.runs) {
    const auto record = read_record(layout, run);
    if (!record || record->status == RunStatus::Ok) continue;
    std::error_code ec;
    fs::remove(layout.record(run), ec);
    fs::remove_all(layout.run_dir(run), ec);
    fs::remove(layout.stderr_log(run), ec);
  }
}

std::string tail(const fs::path& file, int lines) {
  std::ifstream in(file);
  std::vector<std::string> all;
  for (std::string l; std::getline(in, l);) all.push_back(l);
  std::string out;
  for (size_t i = all.size() > static_cast<size_t>(lines) ? all.size() - lines : 0; i < all.size(); ++i)
    out += "    " + all[i] + "\n";
  return out;
}

// Prints how the runs ended and returns the sweep's exit status (0: every run finished and ok).
int report(const Layout& layout, const Expanded& expanded) {
  constexpr int kFailuresShown = 3;
  int ok = 0, failed = 0, missing = 0;
  std::string failures;
  for (const auto& run : expanded.runs) {
    const auto record = read_record(layout, run);
    if (!record) {
      ++missing;
      continue;
    }
    if (record->status == RunStatus::Ok) {
      ++ok;
      continue;
    }
    if (failed++ >= kFailuresShown) continue;
    const std::string how = record->status == RunStatus::Failed     ? fmt::format("exit status {}", record->exit_code)
                            : record->status == RunStatus::TimedOut ? "timed out"
                                                                    : fmt::format("signal {}", record->signal);
    const std::string last = tail(layout.stderr_log(run), 5);
    failures += fmt::format("  {} ({}); {}{}\n{}", run.key(), how, layout.stderr_log(run).string(),
                            last.empty() ? " (empty)" : ":", last);
  }
  std::cout << fmt::format("{} runs: {} ok, {} failed{}\n", expanded.runs.size(), ok, failed,
                           missing ? fmt::format(", {} not finished", missing) : "");
  if (failed > 0)
    std::cout << fmt::format("failed runs{}:\n{}",
                             failed > kFailuresShown ? " (first " + std::to_string(kFailuresShown) + ")" : "",
                             failures);
  std::cout << fmt::format("tables: {}, {}\n", layout.runs_csv().string(), layout.points_csv().string());
  return ok == static_cast<int>(expanded.runs.size()) ? 0 : kSomeRunFailed;
}

struct LocalRun {
  std::string scenario;  // absolute
  int jobs = 1;
  std::optional<double> timeout_s;
  bool progress = false;
};

// Runs the runs of `runs` that have no record yet on this machine, with the progress display. The
// search calls it for each value it probes.
ExecResult run_local(const Layout& layout, const std::vector<RunSpec>& runs, const LocalRun& local) {
  int done = 0, failed = 0;
  for (const auto& run : runs)
    if (const auto r = read_record(layout, run)) ++done, failed += r->status == RunStatus::Ok ? 0 : 1;
  SweepProgress progress(local.progress, static_cast<int>(runs.size()), done, failed);
  ExecOptions options;
  options.vsfsim = self_binary();
  options.scenario = local.scenario;
  options.jobs = local.jobs;
  options.timeout_s = local.timeout_s;
  const ExecResult result = execute(layout, runs, options, [&](const RunSpec&, const RunRecord& r) {
    progress.run_ended(r.status == RunStatus::Ok);
  });
  progress.finish();
  return result;
}

// The sweep as recorded in DIR/sweep.json, for --collect: what the tables need of the spec.
SweepSpec spec_of(const nlohmann::json& doc, const Expanded& expanded, const std::string& file) {
  SweepSpec spec;
  Diagnostics diags;
  const auto has = [&](const char* key, bool ok) {
    if (!ok)
      diags.add(file, std::string("/") + key,
                "missing or of the wrong type (was this sweep.json written by vsfsim sweep?)");
    return ok;
  };
  if (has("axes", doc.contains("axes") && doc["axes"].is_array()))
    for (const auto& a : doc["axes"])
      if (has("axes", a.is_object() && a.contains("name") && a["name"].is_string()))
        spec.axes.push_back({a["name"], {}, {}, {}});
  if (has("metrics", doc.contains("metrics") && doc["metrics"].is_array()))
    for (const auto& m : doc["metrics"])
      if (has("metrics", m.is_object() && m.contains("name") && m["name"].is_string() && m.contains("pointer") &&
                             m["pointer"].is_string()))
        spec.metrics.push_back({m["name"], m["pointer"]});
  if (doc.contains("baseline") && doc["baseline"].is_string()) {
    for (const auto& p : expanded.points) {
      if (p.id != doc["baseline"]) continue;
      std::vector<std::pair<std::string, std::string>> labels;
      for (size_t a = 0; a < spec.axes.size() && a < p.labels.size(); ++a)
        labels.emplace_back(spec.axes[a].name, p.labels[a]);
      spec.baseline = labels;
    }
  }
  diags.throw_if_any();
  return spec;
}

int collect(const SweepArgs& args) {
  const Layout layout{args.input};
  if (!fs::exists(layout.sweep_json()))
    throw InputError(args.input, "", "holds no sweep.json: --collect expects the directory of a sweep");
  const nlohmann::json doc = read_json_file(layout.sweep_json());
  const Expanded expanded = runs_of(doc);
  check_records(layout, expanded);
  write_tables(layout, spec_of(doc, expanded, layout.sweep_json().string()), expanded);
  return report(layout, expanded);
}

// One job array for the runs without a record; once it has left the queue, the tables (with --no-wait,
// --collect builds them later).
int run_slurm(const Layout& layout, const SweepSpec& spec, const Expanded& expanded, const SweepArgs& args) {
  const int status = submit_and_wait(layout, expanded.runs, slurm_options(spec, args, self_binary()));
  if (!args.wait || status >= 128) return status;  // not waited for, or a signal stopped the waiting
  write_tables(layout, spec, expanded);
  return std::max(status, report(layout, expanded));
}

int array_task(const SweepArgs& args) { return vsf::sweep::run_task(Layout{args.input}, *args.task, self_binary()); }

LocalRun local_run(const SweepSpec& spec, const SweepArgs& args) {
  LocalRun local;
  local.scenario = fs::absolute(spec.scenario).lexically_normal().string();
  local.jobs = args.jobs > 0 ? args.jobs : cores();
  local.timeout_s = spec.timeout_s;
  local.progress = args.progress;
  return local;
}

// A sweep with a search (search_runs.hpp): its runs are the probes, added to sweep.json as they come.
int search_sweep(const SweepArgs& args, const SweepSpec& spec, const nlohmann::json& base, const Expanded& axes,
                 const Layout& layout) {
  const Expanded bounds = search_bounds(spec, axes, base);
  check_points(spec, bounds);
  if (args.backend == "slurm" && !args.wait)
    throw InputError("--no-wait", "", "a search waits for each probe's runs: each probe depends on the last");
  const nlohmann::json recorded =
      args.resume && fs::exists(layout.sweep_json()) ? read_json_file(layout.sweep_json()) : nlohmann::json();
  const Expanded before = recorded_search_runs(spec, axes, base, recorded);
  const auto doc = document(with_search_axis(spec, before.points), before, args);
  check_dir(layout, args, doc);
  check_records(layout, before);
  if (args.dry_run) {
    print_dry_run(layout, before);
    std::cout << fmt::format("the search probes {} = {} and {} first, at {} replications each, then bisects\n",
                             search_name(*spec.search), spec.search->high, spec.search->low,
                             spec.search->min_replications);
    return 0;
  }
  // the Slurm settings are checked (sbatch --test-only) before anything is written
  if (args.backend == "slurm") check_submission(layout, bounds.runs, slurm_options(spec, args, self_binary()));
  const SweepLock lock(layout);
  write_file_atomically(layout.sweep_json(), doc.dump(2) + "\n");
  if (args.retry_failed) forget_failed(layout, before);
  const LocalRun local = local_run(spec, args);
  const SlurmOptions slurm = slurm_options(spec, args, self_binary());
  const SearchHooks hooks{[&](const std::vector<RunSpec>& runs) {
                            return args.backend == "slurm" ? run_on_slurm(layout, runs, slurm)
                                                           : run_local(layout, runs, local);
                          },
                          [&](const SweepSpec& shown, const Expanded& all) {
                            write_file_atomically(layout.sweep_json(), document(shown, all, args).dump(2) + "\n");
                          }};
  try {
    const SearchRun run = run_search(spec, axes, base, layout, recorded, hooks);
    write_tables(layout, with_search_axis(spec, run.all.points), run.all);
    write_file_atomically(layout.search_json(), search_json(spec, run).dump(2) + "\n");
    std::cout << search_summary(spec, run) << "search: " << layout.search_json().string() << "\n";
    const int status = report(layout, run.all);
    for (const auto& s : run.searches)
      if (s.stopped) return kSomeRunFailed;
    return status;
  } catch (const SearchInterrupted& stop) {
    const Expanded all = runs_of(read_json_file(layout.sweep_json()));
    write_tables(layout, with_search_axis(spec, all.points), all);
    std::cerr << fmt::format("interrupted (signal {}): finished runs are kept; rerun with --resume to go on\n",
                             stop.signal);
    return 128 + stop.signal;
  }
}

}  // namespace

int sweep_command(const SweepArgs& args) {
  if (args.collect) return collect(args);
  if (args.task) return array_task(args);
  const SweepSpec spec = load_sweep(args.input);
  const nlohmann::json base = base_document(spec);
  const Expanded expanded = expand(spec, base);
  const Layout layout{args.output ? *args.output : "out/sweeps/" + default_output_dir(spec.name, spec.file).substr(4)};
  if (layout.dir.empty()) throw InputError("-o", "", "expected a directory, found \"\"");
  if (spec.search) return search_sweep(args, spec, base, expanded, layout);
  check_points(spec, expanded);
  const auto doc = document(spec, expanded, args);
  check_dir(layout, args, doc);
  check_records(layout, expanded);
  if (args.dry_run) {
    print_dry_run(layout, expanded);
    return 0;
  }
  if (args.backend == "slurm") check_submission(layout, expanded.runs, slurm_options(spec, args, self_binary()));
  const SweepLock lock(layout);
  write_file_atomically(layout.sweep_json(), doc.dump(2) + "\n");
  if (args.retry_failed) forget_failed(layout, expanded);
  if (args.backend == "slurm") return run_slurm(layout, spec, expanded, args);

  const ExecResult result = run_local(layout, expanded.runs, local_run(spec, args));
  write_tables(layout, spec, expanded);
  if (result.interrupted) {
    std::cerr << fmt::format("interrupted (signal {}): finished runs are kept; rerun with --resume for the rest\n",
                             result.signal);
    return 128 + result.signal;
  }
  return report(layout, expanded);
}

}  // namespace vsf::cli
