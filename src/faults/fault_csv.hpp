// Reading a CSV "distribution": one column of durations (each a sample of the time to failure or to
// repair) or of instants (times at which failures happened; their successive differences are the
// samples). The file is read in the one CSV dialect of util/csv.hpp. Internal to src/faults/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "util/json_fields.hpp"

namespace vsf::faults::detail {

// `csv` is the path resolved against the scenario's folder; problems are reported against the scenario
// file at `file_pointer` (the "file" key), naming the CSV and the line, at most 20 per file. `column`
// unset: the first column, and the first row is a header only when its cell is not a time. The samples
// in file order, or nullopt when the file has any problem.
std::optional<std::vector<double>> load_time_column(const Source& src, const std::string& file_pointer,
                                                    const std::string& csv, const std::optional<std::string>& column,
                                                    bool instants);

// The CSV path as the simulation opens it: `csv` as written when absolute, else relative to the folder
// of `scenario_file`.
std::string resolve_beside(const std::string& scenario_file, const std::string& csv);

}  // namespace vsf::faults::detail
