// The optional sections of a sweep file: uncertainty (distributions of traffic scale and phase),
// search (the capacity question) and slurm (the backend's settings).
#include <fmt/format.h>


#include "sweep/sweep_keys.hpp"
#include "sweep/sweep_reader.hpp"
#include "util/json_util.hpp"
#include "util/suggest.hpp"

namespace vsf::sweep::detail {

using nlohmann::json;

// A parameter of a distribution: a number >= 0 (> 0 when `positive`) for traffic_scale, a duration for phase.
bool Reader::read_param(const Fields& f, const char* key, bool duration, bool positive, double& out) {
  const json* v = f.value(key);
  if (!v) return false;
  const Sign sign = positive ? Sign::Positive : Sign::NonNegative;
  auto x = duration ? read_quantity(src, *v, f.at(key), Quantity::Duration, sign)
                    : read_number(src, *v, f.at(key), 0, 1e9);
  if (x && positive && !(*x > 0)) {
    src.error(f.at(key), fmt::format("expected a number > 0, found {}", json_found(*v)));
    return false;
  }
  if (x) out = *x;
  return x.has_value();
}

std::optional<Draw> Reader::read_draw(const json& v, const std::string& at, bool duration) {
  if (!v.is_object()) {
    src.error(at,
              fmt::format("expected a distribution such as {{\"dist\": \"uniform\", \"min\": ..., \"max\": ...}}, "
                          "found {}",
                          json_found(v)));
    return std::nullopt;
  }
  const json* dist = member(v, "dist");
  if (!dist) {
    src.error(at, "missing required key \"dist\" (\"uniform\", \"normal\" or \"lognormal\")");
    return std::nullopt;
  }
  auto kind = read_choice(src, *dist, pointer_join(at, "dist"), {"uniform", "normal", "lognormal"});
  if (!kind) return std::nullopt;
  Draw d;
  if (*kind == "uniform") {
    Fields f(src, v, at, sweep_keys::draw_uniform(), "a \"uniform\" distribution");
    d.type = Draw::Type::Uniform;
    const bool a = read_param(f, "min", duration, false, d.min);
    if (!(read_param(f, "max", duration, false, d.max) && a)) return std::nullopt;
    if (d.min > d.max) {
      src.error(f.at("max"), fmt::format("max ({:g}) must be >= min ({:g})", d.max, d.min));
      return std::nullopt;
    }
  } else if (*kind == "normal") {
    Fields f(src, v, at, sweep_keys::draw_normal(), "a \"normal\" distribution");
    d.type = Draw::Type::Normal;
    const bool a = read_param(f, "mean", duration, false, d.mean);
    if (!(read_param(f, "sd", duration, false, d.sd) && a)) return std::nullopt;
  } else {
    Fields f(src, v, at, sweep_keys::draw_lognormal(), "a \"lognormal\" distribution");
    d.type = Draw::Type::Lognormal;
    const bool a = read_param(f, "median", duration, true, d.median);
    if (!(f.read("sigma", d.sigma) && a)) return std::nullopt;
  }
  return d;
}

void Reader::read_uncertainty(const Fields& top) {
  const json* u = top.value("uncertainty");
  if (!u) return;
  Fields f(src, *u, "/uncertainty", sweep_keys::uncertainty(), "the uncertainty");
  if (!f.ok()) return;
  Uncertainty out;
  if (const json* s = f.value("traffic_scale")) out.traffic_scale = read_draw(*s, f.at("traffic_scale"), false);
  if (const json* p = f.value("phase")) out.phase = read_draw(*p, f.at("phase"), true);
  if (!f.has("traffic_scale") && !f.has("phase"))
    src.error("/uncertainty", "give \"traffic_scale\" or \"phase\" (or both): nothing else varies");
  if (const json* v = f.value("vsfs"))
    if (const json* arr = read_array(src, *v, f.at("vsfs"), true))
      for (size_t k = 0; k < arr->size(); ++k) {
        const std::string at = pointer_join(f.at("vsfs"), k);
        auto name = read_string(src, (*arr)[k], at);
        if (!name) continue;
        if (std::find(out.vsfs.begin(), out.vsfs.end(), *name) != out.vsfs.end())
          src.error(at, fmt::format("VSF \"{}\" appears twice", excerpt(*name)));
        out.vsfs.push_back(*name);
      }
  spec.uncertainty = std::move(out);
}

std::optional<int64_t> Reader::read_bound(const Fields& f, const char* key) {
  const json* v = f.value(key);
  if (!v) return std::nullopt;
  const KeySpec& k = f.spec(key);
  auto n = read_integer(src, *v, f.at(key), static_cast<long long>(k.type.min), static_cast<long long>(k.type.max));
  if (!n) return std::nullopt;
  return static_cast<int64_t>(*n);
}

void Reader::read_search(const Fields& top) {
  const json* s = top.value("search");
  if (!s) return;
  Fields f(src, *s, "/search", sweep_keys::search(), "the search");
  if (!f.ok()) return;
  Search out;
  if (const json* p = f.value("pointer"))
    if (auto ptr = read_pointer(src, *p, f.at("pointer"))) {
      out.pointer = *ptr;
      for (size_t i = 0; i < spec.axes.size(); ++i)
        for (const std::string& ap : spec.axes[i].pointers)
          if (ap == *ptr)
            src.error(f.at("pointer"), fmt::format("axis \"{}\" sets {} too; the search needs it to itself",
                                                   spec.axes[i].name, excerpt(*ptr)));
    }
  auto low = read_bound(f, "low");
  auto high = read_bound(f, "high");
  if (low) out.low = *low;
  if (high) out.high = *high;
  if (low && high && *low > *high) src.error(f.at("high"), fmt::format("high ({}) must be >= low ({})", *high, *low));
  if (const json* t = f.value("target")) {
    Fields tf(src, *t, f.at("target"), sweep_keys::target(), "the search's target");
    if (const json* m = tf.value("metric"))
      if (auto ptr = read_pointer(src, *m, tf.at("metric"))) out.metric = *ptr;
    tf.read("at_most", out.at_most);
    if (tf.read("confidence", out.confidence) && !(out.confidence > 0 && out.confidence < 1))
      src.error(tf.at("confidence"), fmt::format("expected a number strictly between 0 and 1, found {}",
                                                 json_found(*tf.get("confidence"))));
  }
  if (const json* r = f.value("replications")) {
    Fields rf(src, *r, f.at("replications"), sweep_keys::search_replications(), "the search's replications");
    const bool has_min = rf.read("min", out.min_replications);
    const bool has_max = rf.read("max", out.max_replications);
    if ((has_min || !rf.has("min")) && (has_max || !rf.has("max")) && out.max_replications < out.min_replications)
      src.error(rf.at(rf.has("max") ? "max" : "min"),
                fmt::format("max ({}) must be >= min ({})", out.max_replications, out.min_replications));
  }
  spec.search = out;
}

void Reader::read_slurm(const Fields& top) {
  const json* s = top.value("slurm");
  if (!s) return;
  Fields f(src, *s, "/slurm", sweep_keys::slurm(), "the Slurm settings");
  f.read("partition", spec.slurm.partition);
  f.read("time", spec.slurm.time_limit);
  f.read("memory", spec.slurm.memory);
  f.read("max_parallel", spec.slurm.max_parallel);
  f.read("runs_per_task", spec.slurm.runs_per_task);
  if (const json* a = f.value("sbatch_args"))
    if (const json* arr = read_array(src, *a, f.at("sbatch_args"), false))
      for (size_t k = 0; k < arr->size(); ++k)
        if (auto arg = read_string(src, (*arr)[k], pointer_join(f.at("sbatch_args"), k)))
          spec.slurm.extra_args.push_back(*arg);
}
}  // namespace vsf::sweep::detail
