#ifndef TERTIAL_APPS_HOST_ALL_SERVICES_H_
#define TERTIAL_APPS_HOST_ALL_SERVICES_H_

// Every row of the service table (service_table.h) with its factory, for the binaries that
// host all of them (tertiald, the CLI's in-process mode) and link every <svc>_lib (the
// tertial_host target). A tertial-<svc> binary names its one service itself (main.h).

#include <vector>

#include "host.h"

namespace tertial::host {

// One spec per row of kServiceTable, in its order.
std::vector<ServiceSpec> AllServiceSpecs();

}  // namespace tertial::host

#endif  // TERTIAL_APPS_HOST_ALL_SERVICES_H_
