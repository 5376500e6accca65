#include "network_policy.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

#include "tertial/base/strings.h"

namespace tertial::deploy {
namespace {

Labels NamespaceLabels(const Endpoint& e) {
  Labels labels = e.ns_labels;
  labels["kubernetes.io/metadata.name"] = e.ns;
  return labels;
}

bool InCidr(const std::string& ip, const std::string& cidr) {
  size_t slash = cidr.find('/');
  std::string base = cidr.substr(0, slash);
  int bits = slash == std::string::npos ? 32 : std::stoi(cidr.substr(slash + 1));
  in_addr a{}, b{};
  if (inet_pton(AF_INET, ip.c_str(), &a) != 1 || inet_pton(AF_INET, base.c_str(), &b) != 1) {
    return false;
  }
  uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
  return (ntohl(a.s_addr) & mask) == (ntohl(b.s_addr) & mask);
}

// Whether a peer of a rule of a policy in `policy_ns` matches `e`.
bool PeerMatches(const YAML::Node& peer, const std::string& policy_ns, const Endpoint& e) {
  if (peer["ipBlock"].IsDefined()) {
    if (e.ip.empty()) return false;  // ipBlock is for addresses outside the cluster
    if (!InCidr(e.ip, peer["ipBlock"]["cidr"].as<std::string>(""))) return false;
    for (const YAML::Node& except : peer["ipBlock"]["except"]) {
      if (InCidr(e.ip, except.as<std::string>())) return false;
    }
    return true;
  }
  if (!e.ip.empty()) return false;
  const bool by_namespace = peer["namespaceSelector"].IsDefined();
  if (by_namespace) {
    if (!Selects(peer["namespaceSelector"], NamespaceLabels(e))) return false;
  } else if (e.ns != policy_ns) {
    return false;
  }
  if (peer["podSelector"].IsDefined()) return Selects(peer["podSelector"], e.pod_labels);
  return true;
}

bool PortMatches(const YAML::Node& ports, const Endpoint& destination, int port,
                 const std::string& protocol) {
  if (!ports.IsDefined() || ports.size() == 0) return true;
  for (const YAML::Node& p : ports) {
    if (p["protocol"].as<std::string>("TCP") != protocol) continue;
    if (!p["port"].IsDefined()) return true;
    std::string text = p["port"].as<std::string>();
    int number = 0;
    if (!text.empty() && std::isdigit(static_cast<unsigned char>(text[0]))) {
      number = std::stoi(text);
    } else {
      auto it = destination.named_ports.find(text);
      if (it == destination.named_ports.end()) continue;
      number = it->second;
    }
    int end = p["endPort"].as<int>(number);
    if (port >= number && port <= end) return true;
  }
  return false;
}

std::vector<std::string> TypesOf(const YAML::Node& policy) {
  std::vector<std::string> types;
  for (const YAML::Node& t : policy["spec"]["policyTypes"]) types.push_back(t.as<std::string>());
  if (types.empty()) {
    types.push_back("Ingress");
    if (policy["spec"]["egress"].IsDefined()) types.push_back("Egress");
  }
  return types;
}

// Whether `pod`'s side allows the connection for `type` ("Ingress": `peer` connects to
// `pod`; "Egress": `pod` connects to `peer`).
bool SideAllows(const std::vector<const YAML::Node*>& policies, const std::string& type,
                const Endpoint& pod, const Endpoint& peer, const Endpoint& destination, int port,
                const std::string& protocol) {
  if (!pod.ip.empty()) return true;  // outside the cluster: no policy of ours
  bool selected = false;
  for (const YAML::Node* policy : policies) {
    std::string policy_ns = (*policy)["metadata"]["namespace"].as<std::string>("");
    if (policy_ns != pod.ns) continue;
    std::vector<std::string> types = TypesOf(*policy);
    if (std::find(types.begin(), types.end(), type) == types.end()) continue;
    if (!Selects((*policy)["spec"]["podSelector"], pod.pod_labels)) continue;
    selected = true;
    const char* rules = type == "Ingress" ? "ingress" : "egress";
    const char* peers = type == "Ingress" ? "from" : "to";
    for (const YAML::Node& rule : (*policy)["spec"][rules]) {
      bool peer_ok = !rule[peers].IsDefined() || rule[peers].size() == 0;
      for (const YAML::Node& p : rule[peers]) peer_ok = peer_ok || PeerMatches(p, policy_ns, peer);
      if (peer_ok && PortMatches(rule["ports"], destination, port, protocol)) return true;
    }
  }
  return !selected;
}

}  // namespace

bool Allowed(const std::vector<const YAML::Node*>& policies, const Endpoint& from,
             const Endpoint& to, int port, const std::string& protocol, std::string* why) {
  if (!SideAllows(policies, "Egress", from, to, to, port, protocol)) {
    *why = StrCat(from.name, "'s egress policies refuse ", to.name, ":", port);
    return false;
  }
  if (!SideAllows(policies, "Ingress", to, from, to, port, protocol)) {
    *why = StrCat(to.name, "'s ingress policies refuse ", from.name, " on ", port);
    return false;
  }
  *why = "allowed";
  return true;
}

Endpoint PodOf(const YAML::Node& workload, const std::string& ns) {
  Endpoint pod{.name = workload["metadata"]["name"].as<std::string>(""), .ns = ns};
  YAML::Node spec = workload["spec"]["template"];
  pod.pod_labels = LabelsOf(spec["metadata"]["labels"]);
  for (const YAML::Node& c : spec["spec"]["containers"]) {
    for (const YAML::Node& port : c["ports"]) {
      if (port["name"].IsDefined()) {
        pod.named_ports[port["name"].as<std::string>()] = port["containerPort"].as<int>();
      }
    }
  }
  return pod;
}

}  // namespace tertial::deploy
