// The Chrome Trace Event Format (the JSON object form that ui.perfetto.dev and chrome://tracing open),
// written the same way every time: what trace.cpp puts where is its business; how an event is spelt,
// ordered and joined into a file is this one's. Times are given in simulated seconds and written as
// microseconds (ts, dur).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace vsf {

class TraceWriter {
 public:
  using Args = nlohmann::ordered_json;

  void name_process(int pid, const std::string& name, int order);
  void name_thread(int pid, int tid, const std::string& name);  // sorted by tid in the viewer
  // A complete slice [t0, t1); an empty one is left out (nothing to see, and nothing it adds up to).
  void slice(int pid, int tid, const std::string& name, const char* cat, double t0, double t1, Args args);
  void instant(int pid, int tid, const std::string& name, const char* cat, double t, Args args);
  void counter(int pid, const std::string& name, double t, Args args);  // args: series -> number

  // The file: metadata, then the events by time (at one time: slices before instants, longer slices
  // first, so parents come before their children; otherwise in call order), one per line.
  std::string json(const Args& other_data);

 private:
  void meta(int pid, const int* tid, const char* what, Args args);

  std::vector<Args> meta_;
  std::vector<std::pair<double, Args>> body_;  // (time, event)
};

}  // namespace vsf
