// Slurm without slurmdbd: sacct is not available on many small clusters (and not on tools/slurm-local), so
// the job is followed with squeue alone and what happened to each run is read from its record, which the
// task writes into the shared DIR. A task killed by Slurm (time limit, scancel, a node lost) leaves its
// unfinished runs without a record, and a resubmission runs exactly those.
#include "sweep/slurm.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <thread>

#include "sweep/atomic_file.hpp"
#include "sweep/capture.hpp"
#include "sweep/executor.hpp"
#include "sweep/record.hpp"
#include "sweep/sweep_doc.hpp"
#include "util/errors.hpp"
#include "util/json_parse.hpp"
#include "util/json_util.hpp"
#include "util/units.hpp"

namespace vsf::sweep {

namespace fs = std::filesystem;

namespace {

constexpr auto kPollEvery = std::chrono::milliseconds(1500);
constexpr int kSqueueFailuresBeforeGivingUp = 40;  // a minute of a controller that does not answer

fs::path tasks_json(const Layout& l) { return l.slurm_dir() / "tasks.json"; }
fs::path batch_sh(const Layout& l) { return l.slurm_dir() / "batch.sh"; }
fs::path job_json(const Layout& l) { return l.slurm_dir() / "job.json"; }

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// squeue's lines for the job's tasks still pending or running (-r: one line per array task), or nullopt
// when squeue failed. A job gone from slurmctld's memory (MinJobAge after its end) is "Invalid job id":
// nothing left in the queue.
// With `workdir`, only the tasks working there count: after a cluster restart, job ids start again and the
// id in job.json may be someone else's job.
std::optional<int> tasks_in_queue(const std::string& job, std::string* error, const std::string& workdir = "") {
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
  *error = "squeue failed: " + trimmed(q.err);
  return std::nullopt;
}

// A new tasks.json under a job still queued would hand its pending tasks other runs, and the same run
// could run twice at once: refuse until it has left the queue.
void check_no_job_in_queue(const Layout& layout, const std::string& dir) {
  const auto text = read_text_file(job_json(layout).string());
  if (!text) return;
  Diagnostics ignored;
  const auto doc = parse_json(job_json(layout).string(), *text, ignored);
  if (!doc || !doc->is_object() || !doc->contains("job_id") || !(*doc)["job_id"].is_string()) return;
  const std::string job = (*doc)["job_id"];
  std::string error;
  const auto n = tasks_in_queue(job, &error, dir);
  if (n && *n > 0)
    throw InputError(layout.dir.string(), "",
                     fmt::format("Slurm job {} of this sweep still has {} task(s) in the queue: wait for it to end "
                                 "(or `scancel {}`), then resubmit with --resume",
                                 job, *n, job));
}

// Exit status over all the runs of the sweep, with a word about runs that have no record.
int sweep_status(const Layout& layout, const std::vector<RunSpec>& runs) {
  int not_ok = 0, missing = 0;
  for (const auto& r : runs) {
    const auto rec = read_record(layout, r);
    if (!rec)
      ++missing;
    else if (rec->status != RunStatus::Ok)
      ++not_ok;
  }
  if (not_ok > 0)
    std::cerr << fmt::format("slurm: {} of {} runs not ok (see {})\n", not_ok, runs.size(),
                             (layout.dir / "logs").string());
  if (missing > 0)
    std::cerr << fmt::format(
        "slurm: {} of {} runs have no record: their task ended before them (a time limit? scancel? see {}); "
        "--resume submits them again\n",
        missing, runs.size(), (layout.slurm_dir() / "logs").string());
  return not_ok + missing == 0 ? 0 : 1;
}

std::string clock_text(std::chrono::steady_clock::duration d) {
  const auto s = std::chrono::duration_cast<std::chrono::seconds>(d).count();
  return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
                   : fmt::format("{}:{:02}", s / 60, s % 60);
}

// Polls squeue until the job has left the queue. False when Slurm stopped answering (the job may still run).
bool wait_for(const std::string& job, const Layout& layout, const std::vector<const RunSpec*>& submitted,
              bool progress) {
  const auto start = std::chrono::steady_clock::now();
  int failures = 0;
  std::string error;
  for (;;) {
    const auto queued = tasks_in_queue(job, &error);
    if (queued && *queued == 0) break;
    if (!queued && ++failures >= kSqueueFailuresBeforeGivingUp) {
      if (progress) std::cerr << "\n";
      std::cerr << fmt::format("slurm: stopped waiting for job {}: {}\n", job, error);
      return false;
    }
    if (queued) failures = 0;
    if (progress) {
      int done = 0, bad = 0;
      for (const RunSpec* r : submitted) {
        if (const auto rec = read_record(layout, *r)) {
          ++done;
          bad += rec->status != RunStatus::Ok;
        }
      }
      std::cerr << fmt::format("\r\033[Kslurm job {}: {}/{} runs done, {} not ok, {} task(s) in the queue, {}", job,
                               done, submitted.size(), bad, queued ? std::to_string(*queued) : std::string("?"),
                               clock_text(std::chrono::steady_clock::now() - start))
                << std::flush;
    }
    std::this_thread::sleep_for(kPollEvery);
  }
  if (progress) std::cerr << "\r\033[K";
  std::cerr << fmt::format("slurm: job {} has left the queue after {}\n", job,
                           clock_text(std::chrono::steady_clock::now() - start));
  return true;
}

// One option for an #SBATCH line: nothing that would end the line or split the word.
std::string sbatch_value(const std::string& value, const std::string& pointer, const char* what) {
  for (char c : value)
    if (c == '\n' || c == '\r' || c == ' ' || c == '\t' || c == '"')
      throw InputError(
          "slurm settings", pointer,
          fmt::format("expected {} without spaces, quotes or line breaks, found \"{}\"", what, excerpt(value)));
  return value;
}

std::string shell_quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

const nlohmann::json& member(const nlohmann::json& doc, const char* key) {
  static const nlohmann::json null;
  return doc.is_object() && doc.contains(key) ? doc[key] : null;
}

nlohmann::json read_json_file(const fs::path& file, const char* what) {
  const auto text = read_text_file(file.string());
  if (!text) throw InputError(file.string(), "", fmt::format("cannot read {}", what));
  Diagnostics diags;
  auto doc = parse_json(file.string(), *text, diags);
  diags.throw_if_any();
  return *doc;
}

// DIR/slurm/: the task logs' folder (a missing --output folder fails the tasks, 0:53), tasks.json, batch.sh.
void write_submission(const Layout& layout, const std::vector<std::vector<std::string>>& chunks,
                      const std::string& script) {
  std::error_code ec;
  fs::create_directories(layout.slurm_dir() / "logs", ec);
  if (ec) throw InputError((layout.slurm_dir() / "logs").string(), "", "cannot create this folder: " + ec.message());
  // One task per line: readable, and `sed -n` finds task K's runs.
  std::string tasks = fmt::format("{{\"runs_per_task\": {}, \"tasks\": [\n", chunks.front().size());
  for (size_t i = 0; i < chunks.size(); ++i)
    tasks += "  " + nlohmann::json(chunks[i]).dump() + (i + 1 < chunks.size() ? ",\n" : "\n");
  tasks += "]}\n";
  write_file_atomically(tasks_json(layout), tasks);
  write_file_atomically(batch_sh(layout), script);
}

// Submits DIR/slurm/batch.sh; the job id. sbatch missing or refusing is the user's to fix: InputError.
std::string sbatch(const Layout& layout) {
  const Captured sb = capture({"sbatch", "--parsable", batch_sh(layout).string()});
  if (!sb.started)
    throw InputError("--backend slurm", "",
                     "cannot run sbatch (" + sb.error +
                         "): run on a machine with Slurm's commands, or try tools/slurm-local on this one");
  const std::string job = trimmed(sb.out.substr(0, sb.out.find(';')));  // --parsable: "JOBID[;CLUSTER]"
  if (sb.exit_code != 0 || job.empty() || job.find_first_not_of("0123456789") != std::string::npos)
    throw InputError(
        batch_sh(layout).string(), "",
        fmt::format("sbatch refused the job (exit {}): {}", sb.exit_code, trimmed(sb.err.empty() ? sb.out : sb.err)));
  return job;
}

}  // namespace

std::vector<std::vector<std::string>> chunk_runs(const std::vector<std::string>& keys, int runs_per_task) {
  const size_t n = keys.size();
  size_t per = runs_per_task > 0 ? static_cast<size_t>(runs_per_task) : (n + kMaxArrayTasks - 1) / kMaxArrayTasks;
  per = std::max<size_t>(per, 1);
  std::vector<std::vector<std::string>> chunks;
  for (size_t i = 0; i < n; i += per)
    chunks.emplace_back(keys.begin() + static_cast<std::ptrdiff_t>(i),
                        keys.begin() + static_cast<std::ptrdiff_t>(std::min(n, i + per)));
  return chunks;
}

std::string batch_script(const std::string& dir, const Slurm& settings, int tasks, const std::string& vsfsim) {
  // Slurm reads #SBATCH values with quotes; in --output, '%' starts a pattern and '\' turns patterns off.
  for (char c : dir)
    if (c == '"' || c == '\\' || c == '\n' || c == '\r')
      throw InputError(dir, "",
                       "Slurm cannot be given this output directory in #SBATCH lines: use one without "
                       "double quotes, backslashes or line breaks");
  std::string output_dir;
  for (char c : dir) output_dir += c == '%' ? std::string("%%") : std::string(1, c);
  std::string s = "#!/bin/bash\n";
  s += "# Written by `vsfsim sweep --backend slurm`: array task K runs the runs of chunk K of slurm/tasks.json.\n";
  s += "#SBATCH --job-name=vsfsim-sweep\n";
  // The extra options come first: when one names an option the sweep sets too, the sweep's (later) wins.
  for (size_t i = 0; i < settings.extra_args.size(); ++i) {
    const std::string& a = settings.extra_args[i];
    if (a.find_first_of("\r\n") != std::string::npos)
      throw InputError("slurm settings", "/slurm/sbatch_args/" + std::to_string(i),
                       fmt::format("expected one sbatch option without line breaks, found \"{}\"", excerpt(a)));
    s += "#SBATCH " + a + "\n";
  }
  if (!settings.partition.empty())
    s += "#SBATCH --partition=" + sbatch_value(settings.partition, "/slurm/partition", "a partition name") + "\n";
  if (!settings.time_limit.empty())
    s += "#SBATCH --time=" + sbatch_value(settings.time_limit, "/slurm/time", "a time limit") + "\n";
  if (!settings.memory.empty())
    s += "#SBATCH --mem=" + sbatch_value(settings.memory, "/slurm/memory", "a memory size") + "\n";
  s += fmt::format("#SBATCH --array=0-{}", tasks - 1);
  if (settings.max_parallel > 0) s += fmt::format("%{}", settings.max_parallel);
  s += "\n";
  s += "#SBATCH --output=\"" + output_dir + "/slurm/logs/%A_%a.out\"\n";
  s += "#SBATCH --chdir=\"" + dir + "\"\n";
  s += "exec " + shell_quoted(vsfsim) + " sweep " + shell_quoted(dir) + " --task \"$SLURM_ARRAY_TASK_ID\"\n";
  return s;
}

int submit_and_wait(const Layout& given, const std::vector<RunSpec>& runs, const SlurmOptions& options) {
  // The tasks start elsewhere (--chdir, another node): every path they see must be absolute.
  const Layout layout{fs::absolute(given.dir).lexically_normal()};
  std::vector<const RunSpec*> missing;
  std::vector<std::string> keys;
  for (const auto& r : runs) {
    if (read_record(layout, r)) continue;
    missing.push_back(&r);
    keys.push_back(r.key());
  }
  if (missing.empty()) {
    std::cerr << "slurm: every run has a record: nothing to submit\n";
    return sweep_status(layout, runs);
  }
  std::string dir = layout.dir.string();
  if (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  const auto chunks = chunk_runs(keys, options.settings.runs_per_task);
  const std::string script = batch_script(dir, options.settings, static_cast<int>(chunks.size()), options.vsfsim);
  check_no_job_in_queue(layout, dir);

  write_submission(layout, chunks, script);
  const std::string job = sbatch(layout);
  nlohmann::ordered_json record;
  record["job_id"] = job;
  record["tasks"] = chunks.size();
  record["runs"] = keys.size();
  write_file_atomically(job_json(layout), record.dump(1) + "\n");
  std::cerr << fmt::format("slurm: submitted job {}: {} runs in {} array task(s){}; `scancel {}` stops it\n", job,
                           keys.size(), chunks.size(),
                           options.settings.max_parallel > 0
                               ? fmt::format(", at most {} at once", options.settings.max_parallel)
                               : std::string(),
                           job);
  if (!options.wait) {
    std::cerr << fmt::format(
        "slurm: not waiting (--no-wait): `vsfsim sweep {} --collect` builds the tables from "
        "what has finished\n",
        dir);
    return 0;
  }
  if (!wait_for(job, layout, missing, options.progress)) {
    std::cerr << fmt::format(
        "slurm: the job may still be running; `vsfsim sweep {} --collect` builds the tables "
        "from what has finished\n",
        dir);
    return 1;
  }
  return sweep_status(layout, runs);
}

int run_task(const Layout& layout, int task, const std::string& vsfsim) {
  const fs::path file = tasks_json(layout);
  const nlohmann::json tasks =
      read_json_file(file, "the Slurm task list (was the sweep submitted with --backend slurm?)");
  const nlohmann::json& list = member(tasks, "tasks");
  if (!list.is_array()) throw InputError(file.string(), "/tasks", "expected an array of arrays of run keys");
  if (task < 0 || static_cast<size_t>(task) >= list.size())
    throw InputError("--task", "",
                     fmt::format("expected the number of a task of {} (0 to {}), found {}", file.string(),
                                 static_cast<long>(list.size()) - 1, task));
  const std::string at = "/tasks/" + std::to_string(task);
  const nlohmann::json& chunk = list[static_cast<size_t>(task)];
  if (!chunk.is_array())
    throw InputError(file.string(), at, "expected an array of run keys, found " + json_found(chunk));

  const nlohmann::json doc = read_json_file(layout.sweep_json(), "sweep.json");
  const Expanded expanded = runs_of(doc);
  std::map<std::string, const RunSpec*> by_key;
  for (const auto& r : expanded.runs) by_key[r.key()] = &r;
  Diagnostics diags;
  std::vector<RunSpec> mine;
  for (size_t i = 0; i < chunk.size(); ++i) {
    const auto& k = chunk[i];
    const auto it = k.is_string() ? by_key.find(k.get<std::string>()) : by_key.end();
    if (it == by_key.end())
      diags.add(file.string(), pointer_join(at, i),
                "expected the key of a run of " + layout.sweep_json().string() + ", found " + json_found(k));
    else
      mine.push_back(*it->second);
  }
  diags.throw_if_any();

  ExecOptions exec;
  exec.vsfsim = vsfsim;
  const auto& scenario = member(member(doc, "scenario"), "path");
  if (!scenario.is_string()) throw InputError(layout.sweep_json().string(), "/scenario/path", "expected a string");
  exec.scenario = scenario.get<std::string>();
  exec.jobs = 1;  // the task has the CPUs Slurm gave it: one run at a time
  const auto& timeout = member(member(doc, "sweep"), "timeout");
  if (timeout.is_string()) exec.timeout_s = parse_duration(timeout.get<std::string>());
  const ExecResult result = execute(layout, mine, exec);
  if (result.interrupted) return 128 + result.signal;  // Slurm ends a task with SIGTERM (time limit, scancel)
  int ok = 0;
  for (const auto& r : mine) {
    const auto rec = read_record(layout, r);
    ok += rec && rec->status == RunStatus::Ok;
  }
  std::cout << fmt::format("task {}: {} runs, {} ok, {} ran now\n", task, mine.size(), ok, result.ran);
  return ok == static_cast<int>(mine.size()) ? 0 : 1;
}

}  // namespace vsf::sweep
