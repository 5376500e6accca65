#ifndef TERTIAL_APPS_HOST_ALL_SERVICES_H_
#define TERTIAL_APPS_HOST_ALL_SERVICES_H_

// The services tertial has, for the binaries that host or address all of them (tertiald,
// the CLI). A tertial-<svc> binary names its one service itself and links only that one.

#include <string>
#include <vector>

#include "host.h"

namespace tertial::host {

// Each of AllServices() (host.h) with its factory, in the same order.
std::vector<ServiceSpec> AllServiceSpecs();

}  // namespace tertial::host

#endif  // TERTIAL_APPS_HOST_ALL_SERVICES_H_
