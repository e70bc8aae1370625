// A time of day "HH:MM" read from a Fields object: the provisioning's review_hours and the plans' guaranteed
// periods (time 0 of a run is a Monday 00:00) share this one reader so both accept and reject the same texts.
#pragma once

#include <optional>
#include <string>

#include "util/json_fields.hpp"

namespace vsf::scenario_detail {

// "HH:MM" (00:00 to 24:00) as seconds after midnight; none (and an error at the key) when absent or malformed.
std::optional<double> read_clock(const Source& src, const Fields& f, const std::string& key);

}  // namespace vsf::scenario_detail
