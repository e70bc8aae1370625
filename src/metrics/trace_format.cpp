// TraceWriter: the Chrome Trace Event Format's spelling (see trace_format.hpp).
#include "metrics/trace_format.hpp"

#include <algorithm>
#include <tuple>

namespace vsf {

namespace {

double us(double t) { return t * 1e6; }

}  // namespace

void TraceWriter::meta(int pid, const int* tid, const char* what, Args args) {
  Args e;
  e["name"] = what;
  e["ph"] = "M";
  e["pid"] = pid;
  if (tid) e["tid"] = *tid;
  e["args"] = std::move(args);
  meta_.push_back(std::move(e));
}

void TraceWriter::name_process(int pid, const std::string& name, int order) {
  meta(pid, nullptr, "process_name", {{"name", name}});
  meta(pid, nullptr, "process_sort_index", {{"sort_index", order}});
}

void TraceWriter::name_thread(int pid, int tid, const std::string& name) {
  meta(pid, &tid, "thread_name", {{"name", name}});
  meta(pid, &tid, "thread_sort_index", {{"sort_index", tid}});
}

void TraceWriter::slice(int pid, int tid, const std::string& name, const char* cat, double t0, double t1, Args args) {
  if (!(t1 > t0)) return;
  Args e;
  e["name"] = name;
  e["cat"] = cat;
  e["ph"] = "X";
  e["ts"] = us(t0);
  e["dur"] = us(t1) - us(t0);  // so that ts + dur is us(t1) up to rounding, as the next slice's ts
  e["pid"] = pid;
  e["tid"] = tid;
  e["args"] = std::move(args);
  body_.push_back({t0, std::move(e)});
}

void TraceWriter::instant(int pid, int tid, const std::string& name, const char* cat, double t, Args args) {
  Args e;
  e["name"] = name;
  e["cat"] = cat;
  e["ph"] = "i";
  e["s"] = "t";  // on its track (thread), not across the process or the whole trace
  e["ts"] = us(t);
  e["pid"] = pid;
  e["tid"] = tid;
  e["args"] = std::move(args);
  body_.push_back({t, std::move(e)});
}

void TraceWriter::counter(int pid, const std::string& name, double t, Args args) {
  Args e;
  e["name"] = name;
  e["ph"] = "C";
  e["ts"] = us(t);
  e["pid"] = pid;
  e["args"] = std::move(args);
  body_.push_back({t, std::move(e)});
}

std::string TraceWriter::json(const Args& other_data) {
  auto key = [](const std::pair<double, Args>& e) {
    const bool slice = e.second["ph"] == "X";
    return std::make_tuple(e.first, slice ? 0 : 1, slice ? -e.second["dur"].get<double>() : 0.0);
  };
  std::stable_sort(body_.begin(), body_.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  std::string out = "{\"traceEvents\":[\n";
  bool first = true;
  auto add = [&](const Args& e) {
    if (!first) out += ",\n";
    first = false;
    out += e.dump();
  };
  for (const Args& e : meta_) add(e);
  for (const auto& [t, e] : body_) add(e);
  out += "\n],\n\"displayTimeUnit\":\"ms\",\n\"otherData\":" + other_data.dump() + "}\n";
  return out;
}

}  // namespace vsf
