#ifndef TERTIAL_APPS_HOST_ADMIN_SERVICE_H_
#define TERTIAL_APPS_HOST_ADMIN_SERVICE_H_

// The operator's interface of a host (tertial.admin.v1.AdminService): how far each
// projection of the services hosted in this process has come, and rebuilding one from
// the log. tertiald, tertial-<svc> and the CLI's in-process mode each serve it beside
// their services.
//
// A service's projections are the projection::Runners whose database lies under its
// ComponentOptions::data_dir (DATA_DIR/<service>); every service keeps its RocksDB there.
// Every call needs the role admin with the tenant "*" (auth.h).

#include <memory>
#include <string>
#include <vector>

#include "tertial/eventlog/event_log.h"
#include "tertial/grpcutil/auth.h"
#include "tertial/grpcutil/component.h"

namespace tertial::projection {
class Runner;
}

namespace tertial::host {

struct HostedService {
  std::string name;      // "ledger"
  std::string data_dir;  // its ComponentOptions::data_dir
};

// The projections of a hosted service (those whose database lies under its data_dir).
std::vector<projection::Runner*> RunnersOf(const HostedService& service);

// `log` outlives the component; the hosted services' components outlive its server.
std::unique_ptr<grpcutil::Component> MakeAdminComponent(
    eventlog::EventLog* log, std::vector<HostedService> services,
    std::shared_ptr<const grpcutil::Authorizer> authorizer);

}  // namespace tertial::host

#endif  // TERTIAL_APPS_HOST_ADMIN_SERVICE_H_
