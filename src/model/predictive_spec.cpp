// The JSON spelling of the predictive policy's choices.
#include "model/predictive_spec.hpp"

namespace vsf {

const char* to_string(ForecastMethod m) {
  switch (m) {
    case ForecastMethod::SeasonalNaive:
      return "seasonal_naive";
    case ForecastMethod::HoltWinters:
      return "holt_winters";
  }
  return "?";
}

}  // namespace vsf
