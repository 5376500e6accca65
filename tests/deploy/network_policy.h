#ifndef TERTIAL_TESTS_DEPLOY_NETWORK_POLICY_H_
#define TERTIAL_TESTS_DEPLOY_NETWORK_POLICY_H_

// Kubernetes NetworkPolicy semantics, enough to ask rendered manifests who may connect to
// whom: a pod selected by a policy of a type (Ingress, Egress) accepts, or makes, only the
// connections some rule of those policies allows; a pod no policy of a type selects is
// open for that type. Peers by podSelector, namespaceSelector (both: pods of those
// namespaces), ipBlock (IPv4 CIDR with except); ports by number, range or name (resolved on
// the destination pod).

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <vector>

#include "rendered.h"

namespace tertial::deploy {

// A pod (or, with `ip` set, an address outside the cluster).
struct Endpoint {
  std::string name;  // for messages
  std::string ns;
  Labels pod_labels;
  Labels ns_labels;  // kubernetes.io/metadata.name is added from `ns`
  std::map<std::string, int> named_ports;
  std::string ip;  // non-empty: outside the cluster
};

// Whether `from` may open a connection to `to` on `port`/`protocol` under `policies`.
// `why` says which side refused.
bool Allowed(const std::vector<const YAML::Node*>& policies, const Endpoint& from,
             const Endpoint& to, int port, const std::string& protocol, std::string* why);

// A pod of a workload's template (StatefulSet, Deployment), in namespace `ns`.
Endpoint PodOf(const YAML::Node& workload, const std::string& ns);

}  // namespace tertial::deploy

#endif  // TERTIAL_TESTS_DEPLOY_NETWORK_POLICY_H_
