#include "all_services.h"

#include <memory>

#include "absl/status/statusor.h"
#include "tertial/grpcutil/component.h"

// Each row's factory, as services/<svc>/include/tertial/<svc>/component.h declares it (a
// declaration that drifts from the definition fails the link of tertiald).
#define TERTIAL_SERVICE(name, grpc_service, topic)                    \
  namespace tertial::name {                                           \
  absl::StatusOr<std::unique_ptr<grpcutil::Component>> MakeComponent( \
      const grpcutil::ComponentOptions& options);                     \
  }
#include "services.def"
#undef TERTIAL_SERVICE

namespace tertial::host {

std::vector<ServiceSpec> AllServiceSpecs() {
  return {
#define TERTIAL_SERVICE(name, grpc_service, topic) {#name, &name::MakeComponent},
#include "services.def"
#undef TERTIAL_SERVICE
  };
}

}  // namespace tertial::host
