#ifndef TERTIAL_SERVICES_REPORTING_SRC_TESTING_SAMPLE_INPUT_H_
#define TERTIAL_SERVICES_REPORTING_SRC_TESTING_SAMPLE_INPUT_H_

// A seed-sized builder input for tests and benchmarks: the demo municipality's units and
// projects (data/generator, the seed's published figures) with öre added so that rounding
// matters, the seed's 18 nämndmål with indicators, activities, personnel and assignments.
// Consistent by construction: building it gives a report without row_sum, deviation or
// of_which findings.

#include "domain/builder.h"

namespace tertial::reporting::testing {

BuildInput SampleInput();

// What the projection says of `in`'s forecast when it is current: published as of the
// report's period on the ledger the report's figures come from, built on their actuals
// (each unit's, rolled up over its subtree).
ForecastSource CurrentForecastSource(const BuildInput& in);

}  // namespace tertial::reporting::testing

#endif  // TERTIAL_SERVICES_REPORTING_SRC_TESTING_SAMPLE_INPUT_H_
