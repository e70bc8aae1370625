// Edit distance and nearest-word suggestions for error messages.
#include "util/suggest.hpp"

#include <algorithm>
#include <cctype>

#include "util/list_cut.hpp"

namespace vsf {

size_t edit_distance(std::string_view a, std::string_view b) {
  // Two rows of the classic dynamic programme; inputs are keys and names, so sizes are small.
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates) {
  if (word.size() > 200) return std::nullopt;  // not a typo; avoid quadratic work on junk
  const std::string w = lower(word);
  std::optional<std::string> best;
  size_t best_d = 0;
  for (const auto& c : candidates) {
    const std::string lc = lower(c);
    size_t d = edit_distance(w, lc);
    // Case-only differences and prefixes ("vlan" for "vlan_switches") are always plausible.
    bool prefix = w.size() >= 3 && (lc.rfind(w, 0) == 0 || w.rfind(lc, 0) == 0);
    size_t limit = std::max<size_t>(2, std::max(w.size(), lc.size()) / 3);
    // A suggestion that shares nothing with the word ("A" for "Z") is noise, not help.
    if ((d > limit || d >= w.size()) && !prefix) continue;
    if (prefix && d > limit) d = limit;  // rank prefixes as merely plausible
    if (!best || d < best_d) {
      best = c;
      best_d = d;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  auto n = nearest(word, candidates);
  return n ? "did you mean \"" + *n + "\"?" : "";
}

std::string suggestion_suffix(std::string_view word, const std::vector<std::string>& candidates) {
  if (std::string hint = did_you_mean(word, candidates); !hint.empty()) return "; " + hint;
  if (candidates.empty() || candidates.size() > 12) return "";
  return "; expected one of: " + quoted_list(candidates);
}

std::string quoted_list(const std::vector<std::string>& words, size_t shown) {
  std::vector<std::string> quoted;
  for (size_t i = 0; i < words.size() && i < shown; ++i) quoted.push_back("\"" + words[i] + "\"");
  quoted.resize(words.size());  // the rest only count
  return cut_list(quoted, shown);
}

}  // namespace vsf
