// "Did you mean ...?": the valid word nearest to a misspelt one, by Levenshtein edit distance. Used for
// unknown JSON keys, enum values and names that refer to nothing (roles, profiles, CPUs, VSFs).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vsf {

size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word`, if it is close enough to be a plausible typo (distance at most
// about a third of the longer word, at least 2, or the word is a case-insensitive match or a prefix);
// ties go to the earliest candidate, so results are deterministic.
std::optional<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates);

// "did you mean \"duration\"?" with the nearest candidate, or "" when none is near: the one wording of a
// suggestion, for messages that place it themselves.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// "\"a\", \"b\", \"c\"": the way messages list the valid words; beyond `shown` of them (a CSV header of
// hundreds of columns) the first `shown`, then "and N more" (util/list_cut.hpp).
std::string quoted_list(const std::vector<std::string>& words, size_t shown = 16);

// "; did you mean \"duration\"?" or "; expected one of: \"a\", \"b\"" (short lists only) or "".
std::string suggestion_suffix(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace vsf
