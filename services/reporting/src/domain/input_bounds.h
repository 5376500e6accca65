#ifndef TERTIAL_REPORTING_DOMAIN_INPUT_BOUNDS_H_
#define TERTIAL_REPORTING_DOMAIN_INPUT_BOUNDS_H_

// The report's figures are sums of its input amounts (roll-ups, table sums, "of which"
// lines) and differences of two such sums (deviations). Instead of checking each of the
// builder's additions, Build checks once that the absolute values of all its input
// amounts together stay below a quarter of int64: every sum of a subset, and every
// difference of two, then fits. Past that (10^15 kronor per account total makes it
// unreachable from one ledger; a forecast or adjustment could still be absurd) the report
// is refused with OUT_OF_RANGE rather than printed with wrapped numbers.

#include "absl/status/status.h"
#include "builder.h"

namespace tertial::reporting {

absl::Status CheckAmountsFit(const BuildInput& input);

}  // namespace tertial::reporting

#endif  // TERTIAL_REPORTING_DOMAIN_INPUT_BOUNDS_H_
