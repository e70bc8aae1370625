// VSF groups: reading "vary" and expanding a group into its copies (see vsf_groups.hpp). Draws come from
// our own formulas on a std::mt19937_64 (traffic/random.hpp), one stream per (seed, group position,
// copy, key), so a copy's values do not depend on other groups, on other copies or on the other keys.
#include "scenario/vsf_groups.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <random>

#include "scenario/key_tables.hpp"
#include "scenario/sections.hpp"
#include "traffic/random.hpp"
#include "traffic/rate.hpp"
#include "util/json_util.hpp"
#include "util/list_cut.hpp"
#include "util/splitmix.hpp"

namespace vsf::scenario_detail {

const char* to_string(VaryDist d) { return d == VaryDist::Uniform ? "uniform" : "lognormal"; }

namespace {

// What a distribution draws: a duration (phase), a factor (traffic_scale) or a whole number (tier sizes).
enum class Target { Duration, Factor, Size };
constexpr double kMaxFactor = 1e9;
const char* const kSizeKeys[3] = {"initial", "min", "max"};

std::optional<double> read_param(const Source& src, const json& v, const std::string& ptr, Target target,
                                 bool positive) {
  const Sign sign = positive ? Sign::Positive : Sign::NonNegative;
  switch (target) {
    case Target::Duration:
      return read_quantity(src, v, ptr, Quantity::Duration, sign);
    case Target::Factor: {
      auto x = read_number(src, v, ptr, 0, kMaxFactor);
      if (x && positive && *x <= 0) {
        src.error(ptr, fmt::format("expected a number > 0, found {}", json_found(v)));
        return std::nullopt;
      }
      return x;
    }
    case Target::Size: {
      auto n = read_integer(src, v, ptr, positive ? 1 : 0, kMaxCount);
      if (!n) return std::nullopt;
      return static_cast<double>(*n);
    }
  }
  return std::nullopt;  // not reached
}

// The key `key` of a distribution (required: its absence is reported) into `out`; false when unusable.
bool read_param(const Source& src, const Fields& f, const char* key, Target target, bool positive, double& out) {
  const json* v = f.value(key);
  if (!v) return false;
  auto x = read_param(src, *v, f.at(key), target, positive);
  if (x) out = *x;
  return x.has_value();
}

const KeyTable& keys_of(VaryDist d) {
  return d == VaryDist::Uniform ? scenario_keys::vary_uniform() : scenario_keys::vary_lognormal();
}

std::optional<VaryDraw> read_draw(const Source& src, const json& v, const std::string& ptr, Target target) {
  if (!v.is_object()) {
    src.error(ptr, fmt::format("expected a distribution such as {{\"dist\": \"uniform\", \"min\": ..., \"max\": ...}}, "
                               "found {}",
                               json_found(v)));
    return std::nullopt;
  }
  const json* dist = member(v, "dist");
  if (!dist) {
    src.error(ptr, "missing required key \"dist\" (\"uniform\" or \"lognormal\")");
    return std::nullopt;
  }
  auto kind = read_enum_choice(src, *dist, pointer_join(ptr, "dist"), kVaryDists);
  if (!kind) return std::nullopt;
  Fields f(src, v, ptr, keys_of(*kind), fmt::format("a \"{}\" distribution", to_string(*kind)));
  VaryDraw d;
  d.dist = *kind;
  if (*kind == VaryDist::Uniform) {
    const bool a = read_param(src, f, "min", target, false, d.a);
    if (!(read_param(src, f, "max", target, false, d.b) && a)) return std::nullopt;
    if (d.a > d.b) {
      src.error(f.at("max"), fmt::format("max ({:g}) must be >= min ({:g})", d.b, d.a));
      return std::nullopt;
    }
    return d;
  }
  const bool median = read_param(src, f, "median", target, true, d.a);
  if (!(f.read("sigma", d.b) && median)) return std::nullopt;
  return d;
}

void read_vary_tiers(const Source& src, const Fields& f, const VsfSpec& def, Vary& out) {
  const json* tiers = f.value("tiers");
  if (!tiers) return;
  const json* arr = read_array(src, *tiers, f.at("tiers"), false);
  if (!arr) return;
  if (!def.tiers.empty() && arr->size() > def.tiers.size())
    src.error(f.at("tiers"), fmt::format("{} entries for a VSF of {} tier{}; vary.tiers[i] varies tiers[i]",
                                         arr->size(), def.tiers.size(), def.tiers.size() == 1 ? "" : "s"));
  for (size_t t = 0; t < arr->size(); ++t) {
    Fields tf(src, (*arr)[t], pointer_join(f.at("tiers"), t), scenario_keys::vary_tier(), "a tier's vary");
    std::array<std::optional<VaryDraw>, 3> sizes;
    for (size_t j = 0; j < 3; ++j)
      if (const json* d = tf.value(kSizeKeys[j])) sizes[j] = read_draw(src, *d, tf.at(kSizeKeys[j]), Target::Size);
    out.tiers.push_back(sizes);
  }
}

// One stream per (seed, group position, copy, key): splitmix64 steps over each part in turn.
uint64_t mix(uint64_t z) { return util::splitmix64(z); }

double draw(const VaryDraw& d, Target target, uint64_t seed, size_t position, int copy, int key) {
  uint64_t h = mix(seed ^ 0x56534667726f7570ULL);  // "VSFgroup"
  for (uint64_t part : {static_cast<uint64_t>(position), static_cast<uint64_t>(copy), static_cast<uint64_t>(key)})
    h = mix(h ^ part);
  std::mt19937_64 rng(h);
  const double u = uniform_open01(rng);
  if (d.dist == VaryDist::Uniform) {
    if (target != Target::Size) return d.a + (d.b - d.a) * u;
    return std::min(d.b, std::floor(d.a + (d.b - d.a + 1) * u));  // each whole number of [a, b] alike
  }
  const double z = std::sqrt(-2 * std::log(u)) * std::cos(2 * M_PI * uniform_open01(rng));  // Box-Muller
  const double x = d.a * std::exp(d.b * z);
  return target == Target::Size ? std::min<double>(std::round(x), kMaxCount) : x;
}

// Problems of single copies, gathered by pointer so that one broken draw does not print 5,000 lines.
struct CopyProblems {
  struct Entry {
    std::string first_message;
    std::vector<std::string> copies;
  };
  std::map<std::string, Entry> by_pointer;
  void add(const std::string& pointer, const std::string& copy, const std::string& message) {
    Entry& e = by_pointer[pointer];
    if (e.copies.empty()) e.first_message = message;
    e.copies.push_back("\"" + copy + "\"");
  }
  void report(const Source& src, int count) const {
    for (const auto& [pointer, e] : by_pointer) {
      const std::string which = e.copies.size() == 1
                                    ? "copy " + e.copies.front()
                                    : fmt::format("copies {} ({} of {})", cut_list(e.copies), e.copies.size(), count);
      src.error(pointer,
                fmt::format("in {}: {}{}", which, e.first_message, e.copies.size() > 1 ? " (the first of them)" : ""));
    }
  }
};

// min <= initial <= max and max >= 1 for a copy's drawn tier sizes; blamed on a drawn key of the tier.
void check_sizes(const Tier& t, const std::array<std::optional<VaryDraw>, 3>& drawn, const std::string& tptr,
                 const std::string& copy, CopyProblems& problems) {
  auto blame = [&](int preferred, int other) {
    return pointer_join(tptr, kSizeKeys[drawn[preferred] ? preferred : drawn[other] ? other : preferred]);
  };
  if (t.max < 1)
    problems.add(blame(2, 0), copy, fmt::format("max drawn as {}; a tier needs max >= 1", t.max));
  else if (t.min > t.max)
    problems.add(blame(1, 2), copy, fmt::format("min ({}) > max ({}) after the draws", t.min, t.max));
  else if (t.initial < t.min || t.initial > t.max)
    problems.add(blame(0, t.initial < t.min ? 1 : 2), copy,
                 fmt::format("initial ({}) outside min..max ({}..{}) after the draws", t.initial, t.min, t.max));
}

}  // namespace

void read_vary(const Source& src, const json& v, const std::string& pointer, const VsfSpec& def, Vary& out) {
  Fields f(src, v, pointer, scenario_keys::vary(), "a group's vary");
  if (!f.ok()) return;
  if (const json* p = f.value("phase")) {
    out.phase = read_draw(src, *p, f.at("phase"), Target::Duration);
    bool shape = false;
    for (const TrafficComponent& c : def.traffic) shape = shape || c.kind != TrafficKind::Constant;
    if (out.phase && !def.traffic.empty() && !shape)
      src.error(f.at("phase"), "phase shifts the VSF's traffic in time, and this VSF's traffic is constant");
  }
  if (const json* s = f.value("traffic_scale"))
    out.traffic_scale = read_draw(src, *s, f.at("traffic_scale"), Target::Factor);
  read_vary_tiers(src, f, def, out);
}

void check_group(const Source& src, const std::string& pointer, const VsfEntry& entry) {
  if (!entry.group) return;
  const VsfSpec& s = entry.spec;
  const std::string longest = fmt::format("{}-{}", s.name, entry.count);
  if (!s.name.empty() && longest.size() > 64)
    src.error(pointer_join(pointer, "name"),
              fmt::format("the copies' names NAME-1 ... NAME-{} have at most 64 characters; \"{}...\" is {} long",
                          entry.count, excerpt(s.name.substr(0, 20)), longest.size()));
  if (entry.count < 2) return;
  if (s.lb.enabled && !s.lb.cpu.empty())
    src.error(pointer_join(pointer_join(pointer, "lb"), "cpu"),
              fmt::format("a group of {} VSFs cannot give them all one CPU; remove \"cpu\"", entry.count));
  for (size_t t = 0; t < s.tiers.size(); ++t)
    if (!s.tiers[t].cpus.empty())
      src.error(pointer_join(pointer_join(pointer_join(pointer, "tiers"), t), "cpus"),
                fmt::format("a group of {} VSFs cannot give them all the same CPUs; remove \"cpus\"", entry.count));
}

std::vector<VsfSpec> expand_group(const Source& src, const std::string& pointer, uint64_t seed, size_t position,
                                  const VsfEntry& entry, double scenario_scale, const std::string* scale_blame) {
  std::vector<VsfSpec> out;
  out.reserve(static_cast<size_t>(entry.count));
  const Vary& vary = entry.vary;
  const std::string vptr = pointer_join(pointer, "vary");
  CopyProblems problems;
  for (int k = 1; k <= entry.count; ++k) {
    VsfSpec c = entry.spec;
    c.name = fmt::format("{}-{}", entry.spec.name, k);
    if (vary.phase) {
      const double shift = draw(*vary.phase, Target::Duration, seed, position, k, 1);
      for (TrafficComponent& tc : c.traffic) shift_in_time(tc, shift);
    }
    std::string blame = scale_blame ? *scale_blame : std::string();
    if (vary.traffic_scale) {
      c.traffic_scale *= draw(*vary.traffic_scale, Target::Factor, seed, position, k, 2);
      blame = pointer_join(vptr, "traffic_scale");
    }
    for (size_t t = 0; t < vary.tiers.size() && t < c.tiers.size(); ++t) {
      int* sizes[3] = {&c.tiers[t].initial, &c.tiers[t].min, &c.tiers[t].max};
      for (int j = 0; j < 3; ++j)
        if (vary.tiers[t][j])
          *sizes[j] = static_cast<int>(draw(*vary.tiers[t][j], Target::Size, seed, position, k, 16 + 3 * int(t) + j));
      check_sizes(c.tiers[t], vary.tiers[t], pointer_join(pointer_join(vptr, "tiers"), t), c.name, problems);
    }
    if (c.traffic_scale > kMaxFactor)
      problems.add(blame, c.name,
                   fmt::format("traffic_scale drawn as {:.6g}, above {:g}", c.traffic_scale, kMaxFactor));
    if (scale_blame || vary.traffic_scale) {
      Diagnostics own;
      scale_traffic(Source{src.file, &own}, scenario_scale, blame, c);
      for (const Diagnostic& d : own.items()) problems.add(d.pointer, c.name, d.message);
    }
    out.push_back(std::move(c));
  }
  problems.report(src, entry.count);
  return out;
}

}  // namespace vsf::scenario_detail
