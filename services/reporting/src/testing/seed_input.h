#ifndef TERTIAL_SERVICES_REPORTING_SRC_TESTING_SEED_INPUT_H_
#define TERTIAL_SERVICES_REPORTING_SRC_TESTING_SEED_INPUT_H_

// The sample input with the seed report's own goals and indicators: all 18 nämndmål and
// every indicator row of data/linkoping-ks/seed-tables.json (values, gender rows, targets,
// footnotes as printed). This is the full seed-sized report for benchmarks and for
// looking at the rendered HTML.

#include "absl/status/statusor.h"
#include "domain/builder.h"

namespace tertial::reporting::testing {

// `seed_tables_path`: data/linkoping-ks/seed-tables.json.
absl::StatusOr<BuildInput> SeedInput(const std::string& seed_tables_path);

}  // namespace tertial::reporting::testing

#endif  // TERTIAL_SERVICES_REPORTING_SRC_TESTING_SEED_INPUT_H_
