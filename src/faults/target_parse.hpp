// Reading the references of the `faults` section to what fails: a target by name or index, lists of
// them, a group's members, the two sides of a control-plane partition. Names are checked against the
// grid later (fault_targets.hpp). Internal to src/faults/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/faults_spec.hpp"
#include "util/json_fields.hpp"

namespace vsf::faults::detail {

// A name (a non-empty string) or an index (an integer >= 0); nullopt after a diagnostic.
std::optional<TargetRef> read_target_ref(const Source& src, const json& v, const std::string& pointer);
// The references of an array, each checked; one written twice is reported and kept once.
std::vector<TargetRef> read_ref_list(const Source& src, const json& v, const std::string& pointer, bool non_empty);
// A group's members into `g`: an array of CPUs, or an object of lists by kind and a "cpu_range".
void read_members(const Source& src, const json& v, const std::string& pointer, FaultGroup& g);
// The two sides of a "cp_partition" into `s.sides`: two non-empty arrays of control-plane hosts that
// share none. False after a diagnostic.
bool read_sides(const Source& src, const json& v, const std::string& pointer, FaultSubject& s);

}  // namespace vsf::faults::detail
