#ifndef TERTIAL_APPS_HOST_SERVICE_TABLE_H_
#define TERTIAL_APPS_HOST_SERVICE_TABLE_H_

// What every part of tertial knows of its services, from the rows of services.def, without
// linking them: a tertial-<svc> binary (its peers), the CLI's flags, the deployment tests.
// all_services.h adds each row's factory, for the binaries that link every service.

#include <string>
#include <string_view>
#include <vector>

namespace tertial::host {

struct ServiceRow {
  std::string_view name;          // "ledger": services/<name>/, DATA_DIR/<name>, $LEDGER_ADDR
  std::string_view grpc_service;  // "tertial.ledger.v1.LedgerService", as health names it
  std::string_view topic;         // "tertial.ledger.v1", the topic it alone appends to
};

// Every service, in dependency order.
inline constexpr ServiceRow kServiceTable[] = {
#define TERTIAL_SERVICE(name, grpc_service, topic) {#name, grpc_service, topic},
#include "services.def"
#undef TERTIAL_SERVICE
};

// The row named `name`; null when there is none.
constexpr const ServiceRow* FindService(std::string_view name) {
  for (const ServiceRow& row : kServiceTable) {
    if (row.name == name) return &row;
  }
  return nullptr;
}

// Every service's name, in the table's order.
inline std::vector<std::string> ServiceNames() {
  std::vector<std::string> names;
  for (const ServiceRow& row : kServiceTable) names.emplace_back(row.name);
  return names;
}

}  // namespace tertial::host

#endif  // TERTIAL_APPS_HOST_SERVICE_TABLE_H_
