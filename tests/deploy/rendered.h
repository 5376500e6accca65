#ifndef TERTIAL_TESTS_DEPLOY_RENDERED_H_
#define TERTIAL_TESTS_DEPLOY_RENDERED_H_

// An overlay of deploy/k8s rendered with `kubectl kustomize`, and what the deploy tests ask
// of it: objects by kind and name, a container's environment, label selectors, and which
// environment variables the binaries read.

#include <yaml-cpp/yaml.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace tertial::deploy {

using Labels = std::map<std::string, std::string>;

// stdout and stderr of a shell command; `ok` false if it failed.
std::string RunCommand(const std::string& command, bool* ok);

class Rendered {
 public:
  // `kubectl kustomize deploy/k8s/overlays/<overlay>`.
  static absl::StatusOr<Rendered> Overlay(const std::string& overlay);

  const std::vector<YAML::Node>& docs() const { return docs_; }
  const YAML::Node* Find(const std::string& kind, const std::string& name) const;
  std::vector<const YAML::Node*> All(const std::string& kind) const;
  // The namespace every namespaced object is in.
  std::string Namespace() const;

  // A container's environment, name -> value: envFrom (ConfigMaps and Secrets) first,
  // then env; valueFrom of ConfigMap and Secret keys resolved. `errors` gets what cannot be
  // resolved (a missing ConfigMap, a key that is not there, a valueFrom of another kind).
  std::map<std::string, std::string> EnvOf(const YAML::Node& container,
                                           std::vector<std::string>* errors) const;
  // The decoded data of a ConfigMap or Secret (data, binaryData and stringData).
  std::map<std::string, std::string> DataOf(const YAML::Node& object) const;

 private:
  std::vector<YAML::Node> docs_;
};

Labels LabelsOf(const YAML::Node& labels);
// Whether a LabelSelector (matchLabels and matchExpressions) selects `labels`. An empty
// selector selects everything.
bool Selects(const YAML::Node& selector, const Labels& labels);

// The environment variables `binary` reads, from its --help ("[$NAME]"), and those it
// reads from the environment only, which --help does not list yet.
std::set<std::string> EnvOfBinary(const std::string& binary);
// What the container of service `svc` may set: its binary's variables, the probe's
// (tertial-healthcheck runs in the same container), and the environment-only ones.
std::set<std::string> KnownEnv(const std::string& svc);

// A node as text with map keys sorted, for comparing objects written in different styles.
std::string Canonical(const YAML::Node& node);

// Base64 decoding (Secret data); empty on bad input.
std::string Base64Decode(const std::string& text);

std::string Upper(std::string_view s);

}  // namespace tertial::deploy

#endif  // TERTIAL_TESTS_DEPLOY_RENDERED_H_
