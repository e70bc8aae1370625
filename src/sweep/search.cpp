// The search for the smallest value meeting a target (search.hpp). Bisection keeps `failing < passing`
// with the answer in (failing, passing]; `high` is judged first (if it fails there is no answer and
// nothing else is run), then `low` (if it passes it is the answer). At a value, replications double from
// min_replications up to max_replications until a one-sided bound decides: the upper bound at or below
// the target passes, the lower bound above it fails. A value still undecided at the cap fails, so the
// answer errs towards a larger pool, never a smaller one. The bounds are recomputed after each addition
// (a sequential test): a planner who wants the nominal error rate exactly sets min = max.
#include "sweep/search.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "sweep/stats.hpp"

namespace vsf::sweep {

namespace {

class Searcher {
 public:
  Searcher(const Search& spec, const Evaluate& evaluate) : spec_(spec), evaluate_(evaluate) {}

  // The value judged, with as many replications as it needed (those it already has are not asked again).
  const Probe& judge(int64_t v) {
    auto known = judged_.find(v);
    if (known != judged_.end()) return result_.probes[known->second];
    Probe p;
    p.value = v;
    for (int n = std::max(1, spec_.min_replications);; n = std::min(spec_.max_replications, 2 * n)) {
      p.samples = evaluate_(v, n);
      if (static_cast<int>(p.samples.size()) != n)
        throw std::logic_error("search: evaluate gave " + std::to_string(p.samples.size()) + " values for " +
                               std::to_string(n) + " replications");
      decide(p);
      if (p.passes || (p.lower && *p.lower > spec_.at_most) || n >= spec_.max_replications) break;
    }
    judged_[v] = result_.probes.size();
    result_.probes.push_back(std::move(p));
    return result_.probes.back();
  }

  SearchResult finish(std::optional<int64_t> answer) {
    result_.answer = answer;
    if (answer) {
      result_.at_answer = result_.probes[judged_.at(*answer)];
      auto below = judged_.find(*answer - 1);
      if (below != judged_.end()) result_.below_answer = result_.probes[below->second];
    }
    return std::move(result_);
  }

 private:
  void decide(Probe& p) const {
    double sum = 0;
    for (double x : p.samples) sum += x;
    p.mean = p.samples.empty() ? 0 : sum / static_cast<double>(p.samples.size());
    p.upper = upper_bound(p.samples, spec_.confidence);
    p.lower = lower_bound(p.samples, spec_.confidence);
    p.passes = p.upper && *p.upper <= spec_.at_most;
  }

  const Search& spec_;
  const Evaluate& evaluate_;
  SearchResult result_;
  std::map<int64_t, size_t> judged_;  // value -> its index in result_.probes
};

}  // namespace

SearchResult search(const Search& spec, const Evaluate& evaluate) {
  if (spec.low > spec.high) throw std::invalid_argument("search: low > high");
  Searcher s(spec, evaluate);
  if (!s.judge(spec.high).passes) return s.finish(std::nullopt);
  if (spec.low == spec.high || s.judge(spec.low).passes) return s.finish(spec.low);
  int64_t failing = spec.low, passing = spec.high;
  while (passing - failing > 1) {
    const int64_t mid = failing + (passing - failing) / 2;
    if (s.judge(mid).passes)
      passing = mid;
    else
      failing = mid;
  }
  return s.finish(passing);
}

}  // namespace vsf::sweep
