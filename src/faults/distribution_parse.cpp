// Reading a distribution: a duration string (a constant) or {"dist": ...} with the keys of its type;
// "csv" reads its file here, relative to the scenario file.
#include "faults/distribution_parse.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "faults/fault_csv.hpp"
#include "faults/fault_keys.hpp"
#include "util/json_util.hpp"

namespace vsf::faults::detail {

std::optional<std::string> read_name(const Source& src, const json& v, const std::string& pointer) {
  return read_string(src, v, pointer);
}

std::optional<double> read_time(const Source& src, const json& v, const std::string& pointer) {
  return read_quantity(src, v, pointer, Quantity::Duration, Sign::NonNegative);
}

namespace {

// The samples of a "csv" distribution, read from its file (`file_value` is the "file" key's value, or
// nullptr when it is missing, which has been reported).
std::optional<Distribution> read_csv_distribution(const Source& src, const json& v, const std::string& ptr,
                                                  const json* file_value) {
  auto file = file_value ? read_name(src, *file_value, pointer_join(ptr, "file")) : std::nullopt;
  std::optional<std::string> column;
  bool column_ok = true;
  if (const json* c = member(v, "column")) {
    column = read_name(src, *c, pointer_join(ptr, "column"));
    column_ok = column.has_value();
  }
  std::optional<std::string> values = std::string("durations");
  if (const json* m = member(v, "values"))
    values = read_choice(src, *m, pointer_join(ptr, "values"), {"durations", "instants"});
  if (!file || !column_ok || !values) return std::nullopt;
  const std::string path = resolve_beside(src.file, *file);
  auto samples = load_time_column(src, pointer_join(ptr, "file"), path, column, *values == "instants");
  if (!samples) return std::nullopt;
  Distribution d = Distribution::empirical(std::move(*samples));
  d.file = path;
  return d;
}

// Every key of every type of distribution, in the tables' order: while the type is unknown, any of
// them is let through, so one typo in "dist" gives one message.
std::vector<std::string> any_distribution_key() {
  std::vector<std::string> keys;
  for (const KeyTable* t :
       {&fault_keys::exponential(), &fault_keys::weibull(), &fault_keys::constant(), &fault_keys::csv()})
    for (const std::string& k : key_names(*t))
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  return keys;
}

}  // namespace

std::optional<Distribution> read_distribution(const Source& src, const json& v, const std::string& ptr) {
  if (v.is_string() || v.is_number()) {  // a constant; numbers get "a unit is required"
    auto d = read_time(src, v, ptr);
    if (!d) return std::nullopt;
    return Distribution::constant(*d);
  }
  if (!v.is_object()) {
    src.error(ptr, fmt::format("expected a duration such as \"4h\" or a distribution object such as "
                               "{{\"dist\": \"exponential\", \"mean\": \"4h\"}}, found {}",
                               json_found(v)));
    return std::nullopt;
  }
  // Each type has its own table (fault_keys.hpp).
  static const std::map<std::string, const KeyTable*> tables = {{"exponential", &fault_keys::exponential()},
                                                                {"weibull", &fault_keys::weibull()},
                                                                {"constant", &fault_keys::constant()},
                                                                {"csv", &fault_keys::csv()}};
  const json* dist = member(v, "dist");
  std::optional<std::string> type;
  if (!dist) {
    src.error(ptr, "missing required key \"dist\" (\"exponential\", \"weibull\", \"constant\" or \"csv\")");
  } else {
    type = read_choice(src, *dist, pointer_join(ptr, "dist"), {"exponential", "weibull", "constant", "csv"});
  }
  const std::vector<std::string> allowed = type ? key_names(*tables.at(*type)) : any_distribution_key();
  reject_unknown(src, v, ptr, allowed, type ? "a \"" + *type + "\" distribution" : "a distribution");
  if (!type) return std::nullopt;

  auto need = [&](const char* key) -> const json* {
    const json* m = member(v, key);
    if (!m) src.error(ptr, fmt::format("missing required key \"{}\" of a \"{}\" distribution", key, *type));
    return m;
  };
  if (*type == "exponential") {
    const json* m = need("mean");
    auto mean =
        m ? read_quantity(src, *m, pointer_join(ptr, "mean"), Quantity::Duration, Sign::Positive) : std::nullopt;
    if (mean) return Distribution::exponential(*mean);
  } else if (*type == "weibull") {
    const json* sh = need("shape");
    const json* sc = need("scale");
    auto shape = sh ? read_number(src, *sh, pointer_join(ptr, "shape"), Sign::Positive) : std::nullopt;
    auto scale =
        sc ? read_quantity(src, *sc, pointer_join(ptr, "scale"), Quantity::Duration, Sign::Positive) : std::nullopt;
    if (shape && scale) return Distribution::weibull(*shape, *scale);
  } else if (*type == "constant") {
    const json* m = need("value");
    auto value = m ? read_time(src, *m, pointer_join(ptr, "value")) : std::nullopt;
    if (value) return Distribution::constant(*value);
  } else {
    return read_csv_distribution(src, v, ptr, need("file"));
  }
  return std::nullopt;
}

}  // namespace vsf::faults::detail
