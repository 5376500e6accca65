#include "all_services.h"

// Services join the host as they land; apps/CMakeLists.txt defines TERTIAL_HAS_<SERVICE>
// for each service library that exists.
#ifdef TERTIAL_HAS_LEDGER
#include "tertial/ledger/component.h"
#endif
#ifdef TERTIAL_HAS_FORECAST
#include "tertial/forecast/component.h"
#endif
#ifdef TERTIAL_HAS_GOALS
#include "tertial/goals/component.h"
#endif
#ifdef TERTIAL_HAS_REPORTING
#include "tertial/reporting/component.h"
#endif

namespace tertial::host {

std::vector<ServiceSpec> AllServiceSpecs() {
  std::vector<ServiceSpec> specs;
#ifdef TERTIAL_HAS_LEDGER
  specs.push_back({"ledger", &ledger::MakeComponent});
#endif
#ifdef TERTIAL_HAS_FORECAST
  specs.push_back({"forecast", &forecast::MakeComponent});
#endif
#ifdef TERTIAL_HAS_GOALS
  specs.push_back({"goals", &goals::MakeComponent});
#endif
#ifdef TERTIAL_HAS_REPORTING
  specs.push_back({"reporting", &reporting::MakeComponent});
#endif
  return specs;
}

}  // namespace tertial::host
