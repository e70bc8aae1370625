// The reader of a sweep file, shared by sweep_file.cpp (top level, exclude, baseline, metrics),
// sweep_axes.cpp and sweep_sections.cpp (uncertainty, search, slurm): internal to load_sweep.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sweep/spec.hpp"
#include "util/json_fields.hpp"

namespace vsf::sweep::detail {

// Columns of runs.csv and points.csv that an axis or a metric must not be named after.
inline const std::vector<std::string> kReservedColumns = {"point",     "replication", "seed", "status",
                                                          "exit_code", "wall_s",      "n",    "n_failed"};

std::string pointer_problem(const std::string& p);
// A string that is an RFC 6901 pointer into a document, or nullopt and a diagnostic.
std::optional<std::string> read_pointer(const Source& src, const nlohmann::json& v, const std::string& at);

struct Reader {
  const Source& src;
  SweepSpec& spec;
  bool axes_ok = true;  // false: references to axis names or labels are not checked (no follow-up errors)

  // sweep_file.cpp
  void read_top(const nlohmann::json& doc);
  void read_scenario(const Fields& top);
  void read_sets(const Fields& top);
  std::vector<std::pair<std::string, std::string>> read_point_ref(const nlohmann::json& v, const std::string& at,
                                                                  const char* what);
  static bool matches(const std::vector<std::pair<std::string, std::string>>& entry, const SweepSpec& s,
                      const std::vector<size_t>& index);
  void read_exclude_and_baseline(const Fields& top);
  void read_metrics(const Fields& top);

  // sweep_axes.cpp
  void read_axes(const Fields& top);
  void read_axis(const nlohmann::json& v, const std::string& at);
  void read_values(const Fields& f, size_t width, Axis& a);
  void read_range(const Fields& f, Axis& a);
  void read_labels(const Fields& f, Axis& a);
  long long point_count() const;
  std::vector<std::string> axis_names() const;

  // sweep_sections.cpp
  bool read_param(const Fields& f, const char* key, bool duration, bool positive, double& out);
  std::optional<Draw> read_draw(const nlohmann::json& v, const std::string& at, bool duration);
  void read_uncertainty(const Fields& top);
  std::optional<int64_t> read_bound(const Fields& f, const char* key);
  void read_search(const Fields& top);
  void read_slurm(const Fields& top);
};

}  // namespace vsf::sweep::detail
