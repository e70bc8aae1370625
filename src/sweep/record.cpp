// Records are the sweep's memory across crashes: written whole or not at all (atomic_file.hpp), read back
// strictly, since a record that does not parse would otherwise be taken for "not finished" and its run
// silently redone.
#include "sweep/record.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "sweep/atomic_file.hpp"
#include "util/errors.hpp"
#include "util/json_parse.hpp"

namespace vsf::sweep {

namespace {

constexpr RunStatus kStatuses[] = {RunStatus::Ok, RunStatus::Failed, RunStatus::Signalled, RunStatus::TimedOut};

std::optional<RunStatus> status_from(const std::string& name) {
  for (RunStatus s : kStatuses)
    if (name == to_string(s)) return s;
  return std::nullopt;
}

}  // namespace

const char* to_string(RunStatus s) {
  switch (s) {
    case RunStatus::Ok:
      return "ok";
    case RunStatus::Failed:
      return "failed";
    case RunStatus::Signalled:
      return "signalled";
    case RunStatus::TimedOut:
      return "timed_out";
  }
  return "?";
}

std::optional<RunRecord> read_record(const Layout& layout, const RunSpec& run) {
  const auto path = layout.record(run);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  auto text = read_text_file(path.string());
  Diagnostics diags;
  if (!text) throw InputError(path.string(), "", "cannot read this run record");
  auto doc = parse_json(path.string(), *text, diags);
  diags.throw_if_any();
  const auto bad = [&](const std::string& key, const char* expected) {
    diags.add(path.string(), "/" + key,
              fmt::format("expected {} in this run record (delete the file to run the run again)", expected));
  };
  RunRecord r;
  if (!doc->is_object()) {
    diags.add(path.string(), "", "expected a JSON object, a run record (delete the file to run the run again)");
    diags.throw_if_any();
  }
  const auto& d = *doc;
  if (d.contains("point") && d["point"].is_string())
    r.point_id = d["point"];
  else
    bad("point", "a string");
  if (d.contains("replication") && d["replication"].is_number_integer())
    r.replication = d["replication"];
  else
    bad("replication", "an integer");
  if (d.contains("seed") && d["seed"].is_number_unsigned())
    r.seed = d["seed"];
  else
    bad("seed", "an integer >= 0");
  std::optional<RunStatus> status;
  if (d.contains("status") && d["status"].is_string()) status = status_from(d["status"]);
  if (status)
    r.status = *status;
  else
    bad("status", "one of \"ok\", \"failed\", \"signalled\", \"timed_out\"");
  if (d.contains("exit_code") && d["exit_code"].is_number_integer())
    r.exit_code = d["exit_code"];
  else
    bad("exit_code", "an integer");
  if (d.contains("signal") && d["signal"].is_number_integer())
    r.signal = d["signal"];
  else
    bad("signal", "an integer");
  if (d.contains("wall_s") && d["wall_s"].is_number())
    r.wall_s = d["wall_s"];
  else
    bad("wall_s", "a number");
  if (d.contains("host") && d["host"].is_string())
    r.host = d["host"];
  else
    bad("host", "a string");
  if (diags.empty() && (r.point_id != run.point_id || r.replication != run.replication))
    diags.add(path.string(), "",
              fmt::format("this record is of run {}/r{}, not of {}", r.point_id, r.replication, run.key()));
  diags.throw_if_any();
  return r;
}

void write_record(const Layout& layout, const RunSpec& run, const RunRecord& record) {
  nlohmann::ordered_json d;
  d["point"] = record.point_id;
  d["replication"] = record.replication;
  d["seed"] = record.seed;
  d["status"] = to_string(record.status);
  d["exit_code"] = record.exit_code;
  d["signal"] = record.signal;
  d["wall_s"] = record.wall_s;
  d["host"] = record.host;
  write_file_atomically(layout.record(run), d.dump(2) + "\n");
}

std::optional<double> read_metric(const Layout& layout, const RunSpec& run, const std::string& pointer) {
  const auto text = read_text_file((layout.run_dir(run) / "summary.json").string());
  if (!text) return std::nullopt;
  Diagnostics ignored;  // a summary that does not parse has no metric: the run's table cell stays empty
  const auto doc = parse_json("summary.json", *text, ignored);
  if (!doc) return std::nullopt;
  try {
    const nlohmann::json::json_pointer p(pointer);
    if (!doc->contains(p)) return std::nullopt;
    const auto& v = (*doc)[p];
    if (!v.is_number()) return std::nullopt;
    return v.get<double>();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;  // a pointer that does not fit the document's shape (an index into an object)
  }
}

}  // namespace vsf::sweep
