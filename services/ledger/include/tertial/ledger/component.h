#ifndef TERTIAL_LEDGER_COMPONENT_H_
#define TERTIAL_LEDGER_COMPONENT_H_

// The ledger service as a component: tertial.ledger.v1.LedgerService over the ledger's
// projection (DATA_DIR/ledger), following topic tertial.ledger.v1.

#include <memory>

#include "absl/status/statusor.h"
#include "tertial/grpcutil/component.h"

namespace tertial::ledger {

absl::StatusOr<std::unique_ptr<grpcutil::Component>> MakeComponent(
    const grpcutil::ComponentOptions& options);

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_COMPONENT_H_
