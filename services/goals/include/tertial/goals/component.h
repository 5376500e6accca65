#ifndef TERTIAL_GOALS_COMPONENT_H_
#define TERTIAL_GOALS_COMPONENT_H_

// The goals service as a component (see tertial/grpcutil/component.h): GoalService over
// its projection in options.data_dir, following tertial.goals.v1 and tertial.ledger.v1,
// and publishing what ledger changes derive (finance-derived indicator values and plan
// evaluations) in the background.

#include <memory>

#include "absl/status/statusor.h"
#include "tertial/grpcutil/component.h"

namespace tertial::goals {

absl::StatusOr<std::unique_ptr<grpcutil::Component>> MakeComponent(
    const grpcutil::ComponentOptions& options);

}  // namespace tertial::goals

#endif  // TERTIAL_GOALS_COMPONENT_H_
