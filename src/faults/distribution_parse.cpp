// Reading a distribution: a duration string (a constant) or {"dist": ...} with the keys of its type;
// "csv" reads its file here, relative to the scenario file.
#include "faults/distribution_parse.hpp"

#include <fmt/format.h>

#include <limits>
#include <map>

#include "faults/fault_csv.hpp"
#include "util/json_util.hpp"

namespace vsf::faults::detail {

std::optional<Distribution> read_distribution(const Reader& r, const json& v, const std::string& ptr) {
  if (v.is_string() || v.is_number()) {  // a constant; numbers get "a unit is required"
    auto d = r.duration(v, ptr, Sign::non_negative);
    if (!d) return std::nullopt;
    return Distribution::constant(*d);
  }
  if (!v.is_object()) {
    r.error(ptr, fmt::format("expected a duration such as \"4h\" or a distribution object such as "
                             "{{\"dist\": \"exponential\", \"mean\": \"4h\"}}, found {}",
                             json_found(v)));
    return std::nullopt;
  }
  static const std::map<std::string, std::vector<std::string>> keys = {{"exponential", {"dist", "mean"}},
                                                                       {"weibull", {"dist", "shape", "scale"}},
                                                                       {"constant", {"dist", "value"}},
                                                                       {"csv", {"dist", "file", "column", "values"}}};
  const json* dist = member(v, "dist");
  std::optional<std::string> type;
  if (!dist) {
    r.error(ptr, "missing required key \"dist\" (\"exponential\", \"weibull\", \"constant\" or \"csv\")");
  } else {
    type = r.choice(*dist, pointer_join(ptr, "dist"), {"exponential", "weibull", "constant", "csv"});
  }
  std::vector<std::string> allowed = {"dist", "mean", "shape", "scale", "value", "file", "column", "values"};
  if (type) allowed = keys.at(*type);
  r.reject_unknown(v, ptr, allowed, type ? "a \"" + *type + "\" distribution" : "a distribution");
  if (!type) return std::nullopt;

  auto need = [&](const char* key) -> const json* {
    const json* m = member(v, key);
    if (!m) r.error(ptr, fmt::format("missing required key \"{}\" of a \"{}\" distribution", key, *type));
    return m;
  };
  if (*type == "exponential") {
    const json* m = need("mean");
    auto mean = m ? r.duration(*m, pointer_join(ptr, "mean"), Sign::positive) : std::nullopt;
    if (mean) return Distribution::exponential(*mean);
  } else if (*type == "weibull") {
    const json* sh = need("shape");
    const json* sc = need("scale");
    auto shape =
        sh ? r.number(*sh, pointer_join(ptr, "shape"), 0, std::numeric_limits<double>::infinity(), true) : std::nullopt;
    auto scale = sc ? r.duration(*sc, pointer_join(ptr, "scale"), Sign::positive) : std::nullopt;
    if (shape && scale) return Distribution::weibull(*shape, *scale);
  } else if (*type == "constant") {
    const json* m = need("value");
    auto value = m ? r.duration(*m, pointer_join(ptr, "value"), Sign::non_negative) : std::nullopt;
    if (value) return Distribution::constant(*value);
  } else {
    const json* f = need("file");
    auto file = f ? r.string(*f, pointer_join(ptr, "file")) : std::nullopt;
    std::optional<std::string> column;
    bool column_ok = true;
    if (const json* c = member(v, "column")) {
      column = r.string(*c, pointer_join(ptr, "column"));
      column_ok = column.has_value();
    }
    std::optional<std::string> values = std::string("durations");
    if (const json* m = member(v, "values"))
      values = r.choice(*m, pointer_join(ptr, "values"), {"durations", "instants"});
    if (!file || !column_ok || !values) return std::nullopt;
    const std::string path = resolve_beside(r.file(), *file);
    auto samples = load_time_column(r, pointer_join(ptr, "file"), path, column, *values == "instants");
    if (!samples) return std::nullopt;
    Distribution d = Distribution::empirical(std::move(*samples));
    d.file = path;
    return d;
  }
  return std::nullopt;
}

}  // namespace vsf::faults::detail
