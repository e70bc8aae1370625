// Long lists in messages: a message that names every VSF, CPU or column of an input can run to
// thousands of names (a grid of 800 VSFs); it names the first few, then "and N more", so an error stays
// a line a user can read. One helper, so every such message cuts the same way.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vsf {

// How many items a message names before "and N more".
inline constexpr size_t kListShown = 8;

// The items joined by `sep`; when there are more than `shown`, the first `shown` and then
// "and N more" ("a, b, c and 5 more"; with shown 0 only "5 more").
std::string cut_list(const std::vector<std::string>& items, size_t shown = kListShown, std::string_view sep = ", ");

}  // namespace vsf
