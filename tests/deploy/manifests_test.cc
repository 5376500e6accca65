// Renders every overlay of deploy/k8s with `kubectl kustomize` and checks, on the rendered
// YAML, what operators and the binaries rely on. A broken manifest fails the suite.
// (manifests_run_test.cc goes further: it runs the dev overlay's containers.)

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "network_policy.h"
#include "rendered.h"
#include "service_table.h"
#include "tertial/base/strings.h"
#include "tertial/grpcutil/auth.h"

namespace tertial::deploy {
namespace {

// Every service (apps/host/services.def), and every topic: the services' and the admin one.
const std::vector<std::string> kServices = host::ServiceNames();
const std::vector<std::string> kTopics = [] {
  std::vector<std::string> topics;
  for (const host::ServiceRow& row : host::kServiceTable) topics.emplace_back(row.topic);
  topics.emplace_back("tertial.admin.v1");
  return topics;
}();

int PortOf(const std::string& address) {
  size_t colon = address.rfind(':');
  return colon == std::string::npos ? 0 : std::atoi(address.c_str() + colon + 1);
}

class Overlay : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    absl::StatusOr<Rendered> rendered = Rendered::Overlay(GetParam());
    ASSERT_TRUE(rendered.ok()) << rendered.status();
    rendered_ = *std::move(rendered);
  }

  std::map<std::string, std::string> EnvOf(const YAML::Node& container) {
    std::vector<std::string> errors;
    std::map<std::string, std::string> env = rendered_.EnvOf(container, &errors);
    for (const std::string& error : errors) ADD_FAILURE() << error;
    return env;
  }

  // StatefulSets and Deployments.
  std::vector<const YAML::Node*> Workloads() {
    std::vector<const YAML::Node*> out = rendered_.All("StatefulSet");
    for (const YAML::Node* d : rendered_.All("Deployment")) out.push_back(d);
    return out;
  }

  // Every pod template: of StatefulSets, Deployments and CronJobs, by workload name.
  std::vector<std::pair<std::string, YAML::Node>> PodTemplates() {
    std::vector<std::pair<std::string, YAML::Node>> out;
    for (const YAML::Node* w : Workloads()) {
      out.emplace_back((*w)["metadata"]["name"].as<std::string>(), (*w)["spec"]["template"]);
    }
    for (const YAML::Node* c : rendered_.All("CronJob")) {
      out.emplace_back((*c)["metadata"]["name"].as<std::string>(),
                       (*c)["spec"]["jobTemplate"]["spec"]["template"]);
    }
    return out;
  }

  bool production() const { return GetParam() == "production"; }

  // A site parameter of the production overlay (site.yaml), read from the file itself.
  static std::string Site(const std::string& key) {
    YAML::Node site =
        YAML::LoadFile(StrCat(TERTIAL_SOURCE_DIR, "/deploy/k8s/overlays/production/site.yaml"));
    return site["data"][key].as<std::string>("");
  }

  Rendered rendered_;
};

TEST_P(Overlay, EveryServiceHasAStatefulSetServiceAndServiceAccount) {
  for (const std::string& svc : kServices) {
    const YAML::Node* set = rendered_.Find("StatefulSet", svc);
    const YAML::Node* service = rendered_.Find("Service", svc);
    const YAML::Node* account = rendered_.Find("ServiceAccount", svc);
    ASSERT_NE(set, nullptr) << svc;
    ASSERT_NE(service, nullptr) << svc;
    ASSERT_NE(account, nullptr) << svc;
    EXPECT_EQ((*set)["spec"]["serviceName"].as<std::string>(""), svc);
    EXPECT_EQ((*set)["spec"]["template"]["spec"]["serviceAccountName"].as<std::string>(""), svc);
    bool grpc_port = false;
    for (const YAML::Node& port : (*service)["spec"]["ports"]) {
      grpc_port = grpc_port || port["name"].as<std::string>("") == "grpc";
    }
    EXPECT_TRUE(grpc_port) << svc << ": the Service has no port named grpc";
    // The Service selects the StatefulSet's pods.
    YAML::Node labels = (*set)["spec"]["template"]["metadata"]["labels"];
    for (const auto& selector : (*service)["spec"]["selector"]) {
      EXPECT_EQ(labels[selector.first.as<std::string>()].as<std::string>(""),
                selector.second.as<std::string>())
          << svc << ": the Service selects no pod of the StatefulSet";
    }
    // The container names its binary: readers (and manifests_run_test) know what runs.
    YAML::Node command = (*set)["spec"]["template"]["spec"]["containers"][0]["command"];
    ASSERT_TRUE(command.IsSequence()) << svc << ": no command";
    EXPECT_EQ(command[0].as<std::string>(), "tertial-" + svc);
  }
}

TEST_P(Overlay, PodsRunAsNonRootOnReadOnlyRootWithResources) {
  for (const auto& [name, pod_template] : PodTemplates()) {
    YAML::Node pod = pod_template["spec"];
    EXPECT_FALSE(pod["automountServiceAccountToken"].as<bool>(true))
        << name << ": no pod of tertial talks to the Kubernetes API";
    EXPECT_TRUE(pod["securityContext"]["runAsNonRoot"].as<bool>(false)) << name;
    EXPECT_NE(pod["securityContext"]["runAsUser"].as<int>(0), 0) << name;
    std::vector<YAML::Node> containers;
    for (const YAML::Node& c : pod["containers"]) containers.push_back(c);
    for (const YAML::Node& c : pod["initContainers"]) containers.push_back(c);
    ASSERT_FALSE(containers.empty()) << name;
    for (const YAML::Node& c : containers) {
      std::string where = StrCat(name, "/", c["name"].as<std::string>(""));
      EXPECT_TRUE(c["securityContext"]["readOnlyRootFilesystem"].as<bool>(false)) << where;
      EXPECT_FALSE(c["securityContext"]["allowPrivilegeEscalation"].as<bool>(true)) << where;
      for (const char* kind : {"requests", "limits"}) {
        for (const char* resource : {"cpu", "memory"}) {
          EXPECT_TRUE(c["resources"][kind][resource].IsDefined())
              << where << " has no resources." << kind << "." << resource;
        }
      }
    }
  }
}

TEST_P(Overlay, ProbesAskGrpcHealth) {
  for (const std::string& svc : kServices) {
    const YAML::Node* set = rendered_.Find("StatefulSet", svc);
    ASSERT_NE(set, nullptr);
    YAML::Node c = (*set)["spec"]["template"]["spec"]["containers"][0];
    int grpc_port = 0;
    for (const YAML::Node& port : c["ports"]) {
      if (port["name"].as<std::string>("") == "grpc") grpc_port = port["containerPort"].as<int>();
    }
    ASSERT_NE(grpc_port, 0) << svc << ": no container port named grpc";
    std::map<std::string, std::string> env = EnvOf(c);
    EXPECT_EQ(env["TERTIAL_LISTEN"], StrCat("0.0.0.0:", grpc_port)) << svc;
    for (const char* probe : {"startupProbe", "readinessProbe", "livenessProbe"}) {
      YAML::Node p = c[probe];
      ASSERT_TRUE(p.IsDefined()) << svc << " has no " << probe;
      if (p["grpc"].IsDefined()) {
        EXPECT_EQ(p["grpc"]["port"].as<int>(), grpc_port) << svc << " " << probe;
        EXPECT_TRUE(env["TERTIAL_TLS_CERT"].empty()) << svc << ": the kubelet's gRPC probe "
                                                     << "cannot speak TLS";
      } else {
        // TLS ports: tertial-healthcheck, which speaks grpc.health.v1 over TLS.
        ASSERT_TRUE(p["exec"]["command"].IsSequence()) << svc << " " << probe;
        EXPECT_EQ(p["exec"]["command"][0].as<std::string>(), "tertial-healthcheck") << svc;
        std::string command;
        for (const YAML::Node& arg : p["exec"]["command"]) command += " " + arg.as<std::string>();
        EXPECT_NE(command.find(StrCat("127.0.0.1:", grpc_port)), std::string::npos) << command;
        if (!env["TERTIAL_TLS_CERT"].empty()) {
          EXPECT_NE(command.find("--tls-ca"), std::string::npos)
              << svc << ": TLS port, plaintext probe";
        }
      }
    }
  }
}

TEST_P(Overlay, ConfigComesFromKnownEnvironmentVariablesAndSecrets) {
  for (const std::string& svc : kServices) {
    const std::set<std::string> known = KnownEnv(svc);
    ASSERT_GT(known.size(), 10u) << "tertial-" << svc << " --help lists no variables";
    const YAML::Node* set = rendered_.Find("StatefulSet", svc);
    ASSERT_NE(set, nullptr);
    YAML::Node pod = (*set)["spec"]["template"]["spec"];
    YAML::Node c = pod["containers"][0];
    std::map<std::string, std::string> env = EnvOf(c);
    for (const auto& [name, value] : env) {
      EXPECT_TRUE(known.count(name)) << svc << ": " << name << " is read by no binary";
    }
    // Peers through <SVC>_ADDR.
    for (const std::string& peer : kServices) {
      if (peer == svc) continue;
      EXPECT_EQ(env[Upper(peer) + "_ADDR"], StrCat(peer, ":50051")) << svc << " -> " << peer;
    }
    EXPECT_FALSE(env["TERTIAL_KAFKA"].empty()) << svc << ": no Kafka bootstrap";
    // Mounted paths: the data volume, and secrets for tokens and TLS files.
    std::map<std::string, std::string> mounts;  // path -> volume
    for (const YAML::Node& m : c["volumeMounts"]) {
      mounts[m["mountPath"].as<std::string>()] = m["name"].as<std::string>();
    }
    std::map<std::string, YAML::Node> volumes;
    for (const YAML::Node& v : pod["volumes"]) volumes[v["name"].as<std::string>()] = v;
    bool claimed = false;
    for (const YAML::Node& claim : (*set)["spec"]["volumeClaimTemplates"]) {
      claimed = claimed ||
                claim["metadata"]["name"].as<std::string>("") == mounts[env["TERTIAL_DATA_DIR"]];
    }
    EXPECT_TRUE(claimed) << svc << ": TERTIAL_DATA_DIR is not on a volume claim";
    auto from_secret = [&](const std::string& file) {
      for (const auto& [path, volume] : mounts) {
        if (file.rfind(path + "/", 0) != 0) continue;
        const YAML::Node& v = volumes[volume];
        if (v["secret"].IsDefined()) return true;
        if (v["projected"].IsDefined()) {
          for (const YAML::Node& source : v["projected"]["sources"]) {
            if (!source["secret"].IsDefined()) return false;
          }
          return true;
        }
      }
      return false;
    };
    EXPECT_TRUE(from_secret(env["TERTIAL_TOKENS"])) << svc << ": tokens not from a Secret";
    // Its own token for calls to peers, from a Secret, and its own key of it.
    const std::string peer_token = env["TERTIAL_PEER_TOKEN_FILE"];
    EXPECT_TRUE(from_secret(peer_token)) << svc << ": no peer token from a Secret";
    for (const auto& [path, volume] : mounts) {
      if (peer_token.rfind(path + "/", 0) != 0) continue;
      std::string file = peer_token.substr(path.size() + 1);
      bool own = false;
      for (const YAML::Node& item : volumes[volume]["secret"]["items"]) {
        if (item["path"].as<std::string>("") == file) own = item["key"].as<std::string>("") == svc;
      }
      EXPECT_TRUE(own) << svc << ": " << peer_token << " is not the key '" << svc
                       << "' of its Secret";
    }
    for (const char* tls : {"TERTIAL_TLS_CERT", "TERTIAL_TLS_KEY", "TERTIAL_TLS_CLIENT_CA"}) {
      if (!env[tls].empty()) {
        EXPECT_TRUE(from_secret(env[tls])) << svc << ": " << tls;
      }
    }
    std::string kafka_config = env["TERTIAL_KAFKA_CONFIG"];
    std::regex location(R"(ssl\.[a-z.]*location=([^,]+))");
    for (auto it = std::sregex_iterator(kafka_config.begin(), kafka_config.end(), location);
         it != std::sregex_iterator(); ++it) {
      EXPECT_TRUE(from_secret((*it)[1])) << svc << ": " << (*it)[1] << " not from a Secret";
    }
  }
}

TEST_P(Overlay, OneNamespaceAndTheFourTopicsKeptForever) {
  std::set<std::string> namespaces;
  for (const YAML::Node& doc : rendered_.docs()) {
    std::string kind = doc["kind"].as<std::string>("");
    if (kind == "Namespace") continue;
    namespaces.insert(doc["metadata"]["namespace"].as<std::string>("(none)"));
  }
  EXPECT_EQ(namespaces.size(), 1u) << "objects spread over several namespaces";
  EXPECT_EQ(rendered_.All("Namespace").size(), 1u);
  for (const std::string& topic : kTopics) {
    const YAML::Node* t = rendered_.Find("KafkaTopic", topic);
    ASSERT_NE(t, nullptr) << topic;
    EXPECT_EQ((*t)["spec"]["config"]["retention.ms"].as<int64_t>(0), -1) << topic;
    EXPECT_GE((*t)["spec"]["partitions"].as<int>(0), 1) << topic;
  }
  EXPECT_EQ(rendered_.All("Kafka").size(), 1u);
}

// Our images come through kustomize `images:` with a version: never an untagged or
// `latest` image, and the four services of one overlay at one version.
TEST_P(Overlay, ImagesArePinnedThroughKustomizeImages) {
  std::set<std::string> tags;
  for (const std::string& svc : kServices) {
    const YAML::Node* set = rendered_.Find("StatefulSet", svc);
    ASSERT_NE(set, nullptr);
    std::string image =
        (*set)["spec"]["template"]["spec"]["containers"][0]["image"].as<std::string>();
    size_t colon = image.rfind(':');
    ASSERT_TRUE(colon != std::string::npos && image.find('/', colon) == std::string::npos)
        << svc << ": image " << image << " has no tag (is it missing from the overlay's images:?)";
    std::string tag = image.substr(colon + 1);
    EXPECT_NE(tag, "latest") << svc;
    tags.insert(tag);
    EXPECT_EQ(image.substr(0, colon).substr(image.substr(0, colon).rfind('/') + 1), svc) << image;
    if (production()) {
      // A registry host (with a dot) in front: production pulls from the organisation's.
      EXPECT_NE(image.substr(0, image.find('/')).find('.'), std::string::npos) << image;
    }
  }
  EXPECT_EQ(tags.size(), 1u) << "the services run different versions";
  for (const auto& [name, pod_template] : PodTemplates()) {
    for (const YAML::Node& c : pod_template["spec"]["containers"]) {
      std::string image = c["image"].as<std::string>();
      EXPECT_EQ(image.find(":latest"), std::string::npos) << image;
      EXPECT_NE(image.rfind(':'), std::string::npos) << image;
    }
  }
}

// A drain takes one pod of a service at a time and is never blocked: with one replica
// the pod may go, with more the others stay.
TEST_P(Overlay, EveryWorkloadHasADisruptionBudgetThatLetsADrainThrough) {
  for (const YAML::Node* workload : Workloads()) {
    std::string name = (*workload)["metadata"]["name"].as<std::string>();
    Labels labels = LabelsOf((*workload)["spec"]["template"]["metadata"]["labels"]);
    int replicas = (*workload)["spec"]["replicas"].as<int>(1);
    std::vector<const YAML::Node*> budgets;
    for (const YAML::Node* pdb : rendered_.All("PodDisruptionBudget")) {
      if (Selects((*pdb)["spec"]["selector"], labels)) budgets.push_back(pdb);
    }
    ASSERT_EQ(budgets.size(), 1u) << name << ": " << budgets.size() << " budgets select its pods";
    YAML::Node spec = (*budgets[0])["spec"];
    ASSERT_TRUE(spec["maxUnavailable"].IsDefined()) << name << ": use maxUnavailable";
    int max_unavailable = spec["maxUnavailable"].as<int>(0);
    EXPECT_GE(max_unavailable, 1) << name << ": the budget blocks every drain";
    if (replicas > 1) {
      EXPECT_LT(max_unavailable, replicas) << name << ": all may go at once";
    }
    EXPECT_EQ(spec["unhealthyPodEvictionPolicy"].as<std::string>(""), "AlwaysAllow") << name;
  }
}

TEST_P(Overlay, ReplicasSpreadOverNodesAndZones) {
  for (const YAML::Node* workload : Workloads()) {
    std::string name = (*workload)["metadata"]["name"].as<std::string>();
    Labels labels = LabelsOf((*workload)["spec"]["template"]["metadata"]["labels"]);
    std::map<std::string, std::string> keys;  // topologyKey -> whenUnsatisfiable
    for (const YAML::Node& c :
         (*workload)["spec"]["template"]["spec"]["topologySpreadConstraints"]) {
      EXPECT_TRUE(Selects(c["labelSelector"], labels))
          << name << ": a spread constraint that does not count its own pods";
      EXPECT_EQ(c["maxSkew"].as<int>(0), 1) << name;
      keys[c["topologyKey"].as<std::string>("")] = c["whenUnsatisfiable"].as<std::string>("");
    }
    EXPECT_EQ(keys["kubernetes.io/hostname"], "DoNotSchedule") << name;
    // Zones: where the cluster has them; a cluster in one zone still schedules.
    EXPECT_EQ(keys["topology.kubernetes.io/zone"], "ScheduleAnyway") << name;
  }
}

// Who may connect to whom, under the rendered NetworkPolicies: the services to each other
// and to Kafka, nothing else.
TEST_P(Overlay, NetworkPoliciesLetServicesTalkToEachOtherAndKafkaOnly) {
  const std::string ns = rendered_.Namespace();
  std::vector<const YAML::Node*> policies = rendered_.All("NetworkPolicy");
  ASSERT_FALSE(policies.empty());
  std::map<std::string, Endpoint> pods;
  for (const std::string& svc : kServices)
    pods[svc] = PodOf(*rendered_.Find("StatefulSet", svc), ns);
  // Prometheus's namespace: the site's in production, the component's default in dev.
  const std::string monitoring = production() ? Site("monitoringNamespace") : "monitoring";
  Endpoint kafka{.name = "kafka-broker",
                 .ns = ns,
                 .pod_labels = {{"strimzi.io/cluster", "tertial"},
                                {"strimzi.io/kind", "Kafka"},
                                {"strimzi.io/name", "tertial-kafka"}}};
  Endpoint dns{.name = "coredns", .ns = "kube-system", .pod_labels = {{"k8s-app", "kube-dns"}}};
  Endpoint tools{.name = "backup-job",
                 .ns = ns,
                 .pod_labels = {{"app.kubernetes.io/part-of", "tertial"},
                                {"app.kubernetes.io/component", "tools"}}};
  Endpoint prometheus{.name = "prometheus",
                      .ns = monitoring,
                      .pod_labels = {{"app.kubernetes.io/name", "prometheus"}}};
  Endpoint neighbour{.name = "unlabelled-pod", .ns = ns};
  Endpoint elsewhere{.name = "pod-in-default",
                     .ns = "default",
                     .pod_labels = {{"app.kubernetes.io/part-of", "tertial"},
                                    {"app.kubernetes.io/component", "service"}}};
  Endpoint ingress{.name = "ingress-controller",
                   .ns = production() ? Site("ingressNamespace") : "ingress-nginx",
                   .pod_labels = {{"app.kubernetes.io/name", "ingress-nginx"}}};
  Endpoint internet{.name = "internet", .ip = "203.0.113.7"};
  std::string kafka_config = EnvOf((*rendered_.Find(
      "StatefulSet", "ledger"))["spec"]["template"]["spec"]["containers"][0])["TERTIAL_KAFKA"];
  const int kafka_port = PortOf(kafka_config);
  ASSERT_NE(kafka_port, 0) << kafka_config;

  std::string why;
  auto allowed = [&](const Endpoint& from, const Endpoint& to, int port,
                     const std::string& protocol = "TCP") {
    return Allowed(policies, from, to, port, protocol, &why);
  };
  for (const std::string& svc : kServices) {
    const Endpoint& pod = pods[svc];
    for (const std::string& peer : kServices) {
      EXPECT_TRUE(allowed(pod, pods[peer], 50051)) << why;
    }
    EXPECT_TRUE(allowed(pod, kafka, kafka_port)) << why;
    EXPECT_TRUE(allowed(pod, dns, 53, "UDP")) << why;
    EXPECT_TRUE(allowed(tools, pod, 50051)) << why;
    EXPECT_TRUE(allowed(prometheus, pod, 9464)) << why;
    // And nothing else.
    EXPECT_FALSE(allowed(pod, internet, 443)) << svc << " may reach the internet";
    EXPECT_FALSE(allowed(pod, neighbour, 8080)) << svc << " may reach any pod";
    EXPECT_FALSE(allowed(pod, dns, 9153)) << svc << " may reach DNS on another port";
    EXPECT_FALSE(allowed(neighbour, pod, 50051)) << "an unlabelled pod reaches " << svc;
    EXPECT_FALSE(allowed(elsewhere, pod, 50051)) << "another namespace reaches " << svc;
    EXPECT_FALSE(allowed(prometheus, pod, 50051)) << "Prometheus reaches " << svc << "'s gRPC";
    EXPECT_FALSE(allowed(ingress, pod, 50051)) << "the ingress controller reaches " << svc;
    EXPECT_FALSE(allowed(pod, pods["reporting"], 8090)) << svc << " reaches the report pages";
    EXPECT_FALSE(allowed(ingress, pods["reporting"], 8090)) << "the report pages bypass the proxy";
  }
  EXPECT_TRUE(allowed(tools, kafka, kafka_port)) << why;
  EXPECT_FALSE(allowed(neighbour, pods["ledger"], 9464)) << "metrics open to every pod";
  // The relay reaches Kafka (and DNS) only; Prometheus reaches its metrics.
  const Endpoint relay = PodOf(*rendered_.Find("Deployment", "relay"), ns);
  EXPECT_TRUE(allowed(relay, kafka, kafka_port)) << why;
  EXPECT_TRUE(allowed(relay, dns, 53, "UDP")) << why;
  EXPECT_TRUE(allowed(prometheus, relay, 9464)) << why;
  EXPECT_FALSE(allowed(relay, pods["ledger"], 50051)) << "the relay reaches gRPC";
  EXPECT_FALSE(allowed(relay, internet, 443)) << "the relay reaches the internet";
  EXPECT_FALSE(allowed(neighbour, relay, 9464)) << "the relay's metrics open to every pod";

  // Kafka's side (Strimzi writes its policy from the listener's networkPolicyPeers).
  const YAML::Node* cluster = rendered_.Find("Kafka", "tertial");
  ASSERT_NE(cluster, nullptr);
  // Strimzi copies a Kafka's (and a node pool's) labels to its pods: tertial's label there
  // would put the brokers under tertial-default-deny.
  for (const char* kind : {"Kafka", "KafkaNodePool"}) {
    for (const YAML::Node* object : rendered_.All(kind)) {
      EXPECT_FALSE(LabelsOf((*object)["metadata"]["labels"]).count("app.kubernetes.io/part-of"))
          << kind << " " << (*object)["metadata"]["name"] << " would be denied its traffic";
    }
  }
  bool listener_found = false;
  for (const YAML::Node& listener : (*cluster)["spec"]["kafka"]["listeners"]) {
    if (listener["port"].as<int>(0) != kafka_port) continue;
    listener_found = true;
    auto peers_allow = [&](const Endpoint& e) {
      for (const YAML::Node& peer : listener["networkPolicyPeers"]) {
        if (Selects(peer["podSelector"], e.pod_labels)) return true;
      }
      return false;
    };
    ASSERT_TRUE(listener["networkPolicyPeers"].IsSequence()) << "the Kafka listener is open";
    for (const std::string& svc : kServices) EXPECT_TRUE(peers_allow(pods[svc])) << svc;
    EXPECT_TRUE(peers_allow(tools));
    EXPECT_TRUE(peers_allow(relay)) << "the relay";
    EXPECT_FALSE(peers_allow(neighbour));
  }
  EXPECT_TRUE(listener_found) << "TERTIAL_KAFKA names port " << kafka_port
                              << ", which no listener of the Kafka cluster has";

  if (production()) {
    Endpoint proxy = PodOf(*rendered_.Find("Deployment", "oauth2-proxy"), ns);
    EXPECT_TRUE(allowed(ingress, proxy, 4180)) << why;
    EXPECT_TRUE(allowed(proxy, pods["reporting"], 8090)) << why;
    EXPECT_TRUE(allowed(proxy, internet, 443)) << why << " (the identity provider)";
    EXPECT_FALSE(allowed(elsewhere, proxy, 4180)) << "the proxy answers other namespaces";
    EXPECT_FALSE(allowed(neighbour, proxy, 4180));
    EXPECT_FALSE(allowed(proxy, pods["ledger"], 50051)) << "the proxy reaches gRPC";
    EXPECT_FALSE(allowed(proxy, kafka, kafka_port)) << "the proxy reaches Kafka";
  }
}

INSTANTIATE_TEST_SUITE_P(Deploy, Overlay, ::testing::Values("dev", "production"));

class ProductionOverlay : public Overlay {
 protected:
  // The Secret a volume of a pod spec names (secret or projected sources).
  static std::vector<std::string> SecretsOf(YAML::Node volume) {
    std::vector<std::string> out;
    if (!volume.IsMap()) return out;
    if (volume["secret"].IsDefined())
      out.push_back(volume["secret"]["secretName"].as<std::string>());
    for (const YAML::Node& source : volume["projected"]["sources"]) {
      if (source["secret"].IsDefined()) out.push_back(source["secret"]["name"].as<std::string>());
    }
    return out;
  }
};

TEST_P(ProductionOverlay, HasReplicatedKafkaWithTlsAndTlsOnEveryService) {
  const YAML::Node* kafka = rendered_.Find("Kafka", "tertial");
  ASSERT_NE(kafka, nullptr);
  bool tls_listener = false;
  for (const YAML::Node& l : (*kafka)["spec"]["kafka"]["listeners"]) {
    tls_listener = tls_listener || l["tls"].as<bool>(false);
  }
  EXPECT_TRUE(tls_listener);
  int brokers = 0;
  for (const YAML::Node* pool : rendered_.All("KafkaNodePool")) {
    brokers += (*pool)["spec"]["replicas"].as<int>(0);
  }
  EXPECT_GE(brokers, 3);
  for (const std::string& topic : kTopics) {
    EXPECT_GE((*rendered_.Find("KafkaTopic", topic))["spec"]["replicas"].as<int>(0), 3) << topic;
  }
  int replicated = 0;
  for (const std::string& svc : kServices) {
    const YAML::Node* set = rendered_.Find("StatefulSet", svc);
    ASSERT_NE(set, nullptr);
    std::map<std::string, std::string> env =
        EnvOf((*set)["spec"]["template"]["spec"]["containers"][0]);
    EXPECT_FALSE(env["TERTIAL_TLS_CERT"].empty()) << svc << ": TLS is off";
    EXPECT_FALSE(env["TERTIAL_TLS_KEY"].empty()) << svc;
    EXPECT_NE(env["TERTIAL_KAFKA_CONFIG"].find("security.protocol=ssl"), std::string::npos) << svc;
    EXPECT_FALSE(env["TERTIAL_PEER_TLS_CA"].empty())
        << svc << ": peers would be called in plaintext";
    if ((*set)["spec"]["replicas"].as<int>(1) > 1) ++replicated;
    EXPECT_NE(rendered_.Find("KafkaUser", "tertial-" + svc), nullptr) << svc;
  }
  EXPECT_GE(replicated, 1);
}

TEST_P(ProductionOverlay, StorageClassIsTheSiteParameter) {
  const std::string storage_class = Site("storageClassName");
  ASSERT_FALSE(storage_class.empty());
  for (const YAML::Node* set : rendered_.All("StatefulSet")) {
    for (const YAML::Node& claim : (*set)["spec"]["volumeClaimTemplates"]) {
      EXPECT_EQ(claim["spec"]["storageClassName"].as<std::string>(""), storage_class)
          << (*set)["metadata"]["name"];
    }
  }
  // Dev takes the cluster's default class.
  absl::StatusOr<Rendered> dev = Rendered::Overlay("dev");
  ASSERT_TRUE(dev.ok());
  for (const YAML::Node* set : dev->All("StatefulSet")) {
    EXPECT_FALSE((*set)["spec"]["volumeClaimTemplates"][0]["spec"]["storageClassName"].IsDefined());
  }
}

// The ServiceMonitor scrapes every service's metrics port, the port its binary serves.
TEST_P(ProductionOverlay, ServiceMonitorScrapesEveryServicesMetricsPort) {
  std::vector<const YAML::Node*> monitors = rendered_.All("ServiceMonitor");
  ASSERT_EQ(monitors.size(), 1u);
  const YAML::Node& monitor = *monitors[0];
  EXPECT_FALSE(monitor["spec"]["namespaceSelector"].IsDefined())
      << "scrape the monitor's own namespace";
  for (const std::string& svc : kServices) {
    const YAML::Node* service = rendered_.Find("Service", svc);
    ASSERT_NE(service, nullptr);
    EXPECT_TRUE(Selects(monitor["spec"]["selector"], LabelsOf((*service)["metadata"]["labels"])))
        << "the ServiceMonitor does not select Service " << svc;
    const YAML::Node* set = rendered_.Find("StatefulSet", svc);
    YAML::Node container = (*set)["spec"]["template"]["spec"]["containers"][0];
    std::map<std::string, std::string> env = EnvOf(container);
    for (const YAML::Node& endpoint : monitor["spec"]["endpoints"]) {
      std::string port_name = endpoint["port"].as<std::string>("");
      std::string target;
      for (const YAML::Node& port : (*service)["spec"]["ports"]) {
        if (port["name"].as<std::string>("") == port_name)
          target = port["targetPort"].as<std::string>();
      }
      ASSERT_FALSE(target.empty()) << svc << ": the Service has no port " << port_name;
      int container_port = 0;
      for (const YAML::Node& port : container["ports"]) {
        if (port["name"].as<std::string>("") == target)
          container_port = port["containerPort"].as<int>();
      }
      EXPECT_EQ(container_port, PortOf(env["TERTIAL_METRICS_LISTEN"]))
          << svc << ": the ServiceMonitor scrapes a port the binary does not serve metrics on";
      EXPECT_EQ(endpoint["path"].as<std::string>("/metrics"), "/metrics");
    }
  }
}

// TLS comes from cert-manager: each service mounts the Secret of its own Certificate,
// issued by tertial's CA Issuer for the names peers and probes use. No TLS Secret is
// made by hand; the only Secrets the operator makes are the tokens and the proxy's.
TEST_P(ProductionOverlay, CertificatesComeFromCertManager) {
  const std::string ns = rendered_.Namespace();
  std::map<std::string, const YAML::Node*> certificates;  // secretName -> Certificate
  for (const YAML::Node* c : rendered_.All("Certificate")) {
    certificates[(*c)["spec"]["secretName"].as<std::string>()] = c;
  }
  // Every Issuer a Certificate names is rendered; a CA Issuer's Secret is a CA Certificate.
  for (const auto& [secret, certificate] : certificates) {
    YAML::Node ref = (*certificate)["spec"]["issuerRef"];
    ASSERT_EQ(ref["kind"].as<std::string>("Issuer"), "Issuer") << secret;
    const YAML::Node* issuer = rendered_.Find("Issuer", ref["name"].as<std::string>(""));
    ASSERT_NE(issuer, nullptr) << secret << ": no Issuer " << ref["name"];
    if ((*issuer)["spec"]["ca"].IsDefined()) {
      std::string ca_secret = (*issuer)["spec"]["ca"]["secretName"].as<std::string>("");
      ASSERT_TRUE(certificates.count(ca_secret)) << "the CA's Secret " << ca_secret;
      EXPECT_TRUE((*certificates[ca_secret])["spec"]["isCA"].as<bool>(false));
    }
  }
  for (const std::string& svc : kServices) {
    const YAML::Node* set = rendered_.Find("StatefulSet", svc);
    YAML::Node pod = (*set)["spec"]["template"]["spec"];
    std::map<std::string, std::string> env = EnvOf(pod["containers"][0]);
    std::string mount;
    for (const YAML::Node& m : pod["containers"][0]["volumeMounts"]) {
      if (env["TERTIAL_TLS_CERT"].rfind(m["mountPath"].as<std::string>() + "/", 0) == 0) {
        mount = m["name"].as<std::string>();
      }
    }
    std::string secret;
    for (const YAML::Node& v : pod["volumes"]) {
      if (v["name"].as<std::string>("") == mount)
        secret = v["secret"]["secretName"].as<std::string>("");
    }
    ASSERT_TRUE(certificates.count(secret))
        << svc << "'s TLS Secret " << secret << " comes from no Certificate";
    YAML::Node spec = (*certificates[secret])["spec"];
    std::set<std::string> names;
    for (const YAML::Node& n : spec["dnsNames"]) names.insert(n.as<std::string>());
    EXPECT_TRUE(names.count(svc)) << svc << ": peers call " << svc << ":50051";
    EXPECT_TRUE(names.count(StrCat(svc, ".", ns, ".svc"))) << svc;
    EXPECT_TRUE(names.count(env["TERTIAL_HEALTHCHECK_TLS_SERVER_NAME"])) << svc << ": the probe";
    std::set<std::string> usages;
    for (const YAML::Node& u : spec["usages"]) usages.insert(u.as<std::string>());
    EXPECT_TRUE(usages.count("server auth")) << svc;
    EXPECT_TRUE(usages.count("client auth")) << svc << ": its certificate towards peers (mTLS)";
    EXPECT_TRUE(spec["renewBefore"].IsDefined()) << svc;
  }
  // Every Secret a pod mounts or reads is accounted for.
  std::set<std::string> by_operators;  // made by cert-manager or Strimzi
  for (const auto& [secret, certificate] : certificates) by_operators.insert(secret);
  for (const YAML::Node* user : rendered_.All("KafkaUser")) {
    by_operators.insert((*user)["metadata"]["name"].as<std::string>());
  }
  for (const YAML::Node* kafka : rendered_.All("Kafka")) {
    by_operators.insert(StrCat((*kafka)["metadata"]["name"].as<std::string>(), "-cluster-ca-cert"));
  }
  const std::set<std::string> by_hand = {"tertial-tokens", "tertial-peer-tokens",
                                         "tertial-web-auth"};
  for (const auto& [name, pod_template] : PodTemplates()) {
    YAML::Node pod = pod_template["spec"];
    std::vector<std::string> secrets;
    for (const YAML::Node& v : pod["volumes"]) {
      for (const std::string& s : SecretsOf(v)) secrets.push_back(s);
    }
    for (const YAML::Node& c : pod["containers"]) {
      for (YAML::Node e : c["env"]) {
        if (e["valueFrom"].IsDefined() && e["valueFrom"]["secretKeyRef"].IsDefined()) {
          secrets.push_back(e["valueFrom"]["secretKeyRef"]["name"].as<std::string>());
        }
      }
    }
    for (const std::string& s : secrets) {
      EXPECT_TRUE(by_operators.count(s) || by_hand.count(s) || rendered_.Find("Secret", s))
          << name << " uses Secret " << s
          << ", which nothing makes and docs/deploy.md does not ask for";
    }
  }
}

// https://<site webHost>/ reaches the report pages only through oauth2-proxy, which adds
// tertial's reader token from a Secret: Ingress -> proxy Service -> proxy pod ->
// its configured upstream -> reporting's http port -> TERTIAL_REPORTING_HTTP.
TEST_P(ProductionOverlay, ReportPagesOnlyThroughTheAuthenticatingProxy) {
  std::vector<const YAML::Node*> ingresses = rendered_.All("Ingress");
  ASSERT_EQ(ingresses.size(), 1u);
  YAML::Node spec = (*ingresses[0])["spec"];
  const std::string host = Site("webHost");
  EXPECT_EQ(spec["rules"][0]["host"].as<std::string>(""), host);
  EXPECT_EQ(spec["tls"][0]["hosts"][0].as<std::string>(""), host) << "no TLS for " << host;
  EXPECT_EQ(spec["ingressClassName"].as<std::string>(""), Site("ingressClassName"));
  EXPECT_EQ(
      (*ingresses[0])["metadata"]["annotations"]["cert-manager.io/cluster-issuer"].as<std::string>(
          ""),
      Site("webIssuer"));
  // The pages see every person as the proxy: the limit per client is the Ingress's.
  YAML::Node annotations = (*ingresses[0])["metadata"]["annotations"];
  EXPECT_GT(annotations["nginx.ingress.kubernetes.io/limit-connections"].as<int>(0), 0)
      << "no limit of connections per client in front of the report pages";
  EXPECT_GT(annotations["nginx.ingress.kubernetes.io/limit-rps"].as<int>(0), 0);
  for (const YAML::Node& path : spec["rules"][0]["http"]["paths"]) {
    std::string backend = path["backend"]["service"]["name"].as<std::string>("");
    EXPECT_EQ(backend, "oauth2-proxy") << "the Ingress bypasses the proxy";
  }
  const YAML::Node* proxy_service = rendered_.Find("Service", "oauth2-proxy");
  const YAML::Node* proxy = rendered_.Find("Deployment", "oauth2-proxy");
  ASSERT_NE(proxy_service, nullptr);
  ASSERT_NE(proxy, nullptr);
  YAML::Node pod = (*proxy)["spec"]["template"]["spec"];
  Labels proxy_labels = LabelsOf((*proxy)["spec"]["template"]["metadata"]["labels"]);
  for (const auto& [key, value] : LabelsOf((*proxy_service)["spec"]["selector"])) {
    EXPECT_EQ(proxy_labels[key], value) << "the proxy's Service selects no proxy pod";
  }
  // The proxy's configuration, from its ConfigMap as mounted.
  std::string config_path;
  for (const std::string& arg : pod["containers"][0]["args"].as<std::vector<std::string>>()) {
    if (arg.rfind("--alpha-config=", 0) == 0) config_path = arg.substr(15);
  }
  ASSERT_FALSE(config_path.empty());
  std::map<std::string, std::string> mounts;  // path -> volume name
  for (const YAML::Node& m : pod["containers"][0]["volumeMounts"]) {
    mounts[m["mountPath"].as<std::string>()] = m["name"].as<std::string>();
  }
  auto volume_of = [&](const std::string& file) -> std::pair<YAML::Node, std::string> {
    for (const auto& [path, name] : mounts) {
      if (file.rfind(path + "/", 0) != 0) continue;
      for (const YAML::Node& v : pod["volumes"]) {
        if (v["name"].as<std::string>("") == name) return {v, file.substr(path.size() + 1)};
      }
    }
    return {YAML::Node(), ""};
  };
  auto [config_volume, config_key] = volume_of(config_path);
  ASSERT_TRUE(config_volume["configMap"].IsDefined()) << config_path << " is on no ConfigMap";
  const YAML::Node* config_map =
      rendered_.Find("ConfigMap", config_volume["configMap"]["name"].as<std::string>());
  ASSERT_NE(config_map, nullptr);
  YAML::Node config = YAML::Load(rendered_.DataOf(*config_map)[config_key]);
  // Signed-in requests go to reporting's http port.
  std::string upstream = config["upstreamConfig"]["upstreams"][0]["uri"].as<std::string>("");
  std::smatch parts;
  ASSERT_TRUE(std::regex_match(upstream, parts, std::regex(R"(http://([a-z0-9-]+):([0-9]+))")))
      << upstream;
  EXPECT_EQ(parts[1], "reporting");
  const YAML::Node* reporting_service = rendered_.Find("Service", "reporting");
  std::string target;
  for (const YAML::Node& port : (*reporting_service)["spec"]["ports"]) {
    if (port["port"].as<std::string>() == parts[2]) target = port["targetPort"].as<std::string>();
  }
  ASSERT_EQ(target, "http") << "the proxy's upstream is not reporting's http port";
  YAML::Node reporting =
      (*rendered_.Find("StatefulSet", "reporting"))["spec"]["template"]["spec"]["containers"][0];
  int http_port = 0;
  for (const YAML::Node& port : reporting["ports"]) {
    if (port["name"].as<std::string>("") == "http") http_port = port["containerPort"].as<int>();
  }
  EXPECT_EQ(PortOf(EnvOf(reporting)["TERTIAL_REPORTING_HTTP"]), http_port);
  // The reader token comes from a file on the proxy's Secret, and replaces a client's own.
  bool authorization = false;
  for (const YAML::Node& header : config["injectRequestHeaders"]) {
    if (header["name"].as<std::string>("") != "Authorization") continue;
    authorization = true;
    EXPECT_FALSE(header["preserveRequestValue"].as<bool>(false));
    std::string file = header["values"][0]["fromFile"].as<std::string>("");
    auto [volume, key] = volume_of(file);
    EXPECT_TRUE(volume["secret"].IsDefined()) << file << " is on no Secret";
  }
  EXPECT_TRUE(authorization) << "the proxy passes no tertial token on";
  ASSERT_TRUE(config["providers"].IsSequence());
  EXPECT_EQ(config["providers"][0]["provider"].as<std::string>(""), "oidc");
  EXPECT_GT(config["providers"][0]["allowedGroups"].size(), 0u) << "anyone who signs in gets in";
  // The client's secret is a file of the Secret too, never in the ConfigMap.
  EXPECT_FALSE(config["providers"][0]["clientSecret"].IsDefined());
  EXPECT_TRUE(volume_of(config["providers"][0]["clientSecretFile"].as<std::string>(""))
                  .first["secret"]
                  .IsDefined());
}

// The nightly backup exports every topic as the tools' Kafka user into its own volume and
// checks the dump; the restore job (a template run by hand) reaches the same Kafka the
// same way.
TEST_P(ProductionOverlay, BackupJobExportsTheTopicsAndTheRestoreJobMatchesIt) {
  const YAML::Node* cron = rendered_.Find("CronJob", "tertial-backup");
  ASSERT_NE(cron, nullptr);
  EXPECT_EQ((*cron)["spec"]["concurrencyPolicy"].as<std::string>(""), "Forbid");
  YAML::Node pod = (*cron)["spec"]["jobTemplate"]["spec"]["template"];
  Labels labels = LabelsOf(pod["metadata"]["labels"]);
  EXPECT_EQ(labels["app.kubernetes.io/component"], "tools") << "NetworkPolicies and Kafka's "
                                                               "listener let tools in";
  YAML::Node container = pod["spec"]["containers"][0];
  std::string script;
  for (const YAML::Node& c : container["command"]) script += c.as<std::string>() + " ";
  EXPECT_NE(script.find("tertial log export \"$file\""), std::string::npos) << script;
  EXPECT_NE(script.find("tertial log verify \"$file\""), std::string::npos) << script;
  std::map<std::string, std::string> env = EnvOf(container);
  EXPECT_TRUE(env.count("TERTIAL_DATA_DIR") && env["TERTIAL_DATA_DIR"].empty())
      << "the image's TERTIAL_DATA_DIR would make export read an embedded log";
  EXPECT_FALSE(env["TERTIAL_KAFKA"].empty());
  std::set<std::string> known = EnvOfBinary(StrCat(TERTIAL_BINARY_DIR, "/apps/tertial log export"));
  ASSERT_FALSE(known.empty());
  known.insert(
      {"TERTIAL_KAFKA_CONFIG", "TERTIAL_KAFKA_CLIENT_ID", "TERTIAL_KAFKA_MAX_BATCH_BYTES"});
  for (const auto& [name, value] : env) {
    EXPECT_TRUE(known.count(name))
        << "the backup job sets " << name << ", which tertial does not read";
  }
  // Its Kafka client files come from the KafkaUser tertial-tools, which may read every topic.
  std::map<std::string, YAML::Node> volumes;
  for (const YAML::Node& v : pod["spec"]["volumes"]) volumes[v["name"].as<std::string>()] = v;
  std::map<std::string, std::string> mounts;
  for (const YAML::Node& m : container["volumeMounts"]) {
    mounts[m["mountPath"].as<std::string>()] = m["name"].as<std::string>();
  }
  std::regex location(R"(ssl\.[a-z.]*location=([^,]+))");
  std::string config = env["TERTIAL_KAFKA_CONFIG"];
  int files = 0;
  for (auto it = std::sregex_iterator(config.begin(), config.end(), location);
       it != std::sregex_iterator(); ++it, ++files) {
    std::string file = (*it)[1];
    std::string volume;
    for (const auto& [path, name] : mounts) {
      if (file.rfind(path + "/", 0) == 0) volume = name;
    }
    ASSERT_FALSE(volume.empty()) << file << " is on no volume of the backup job";
    std::vector<std::string> secrets = SecretsOf(volumes[volume]);
    EXPECT_NE(std::find(secrets.begin(), secrets.end(), "tertial-tools"), secrets.end()) << file;
  }
  EXPECT_EQ(files, 3);
  const YAML::Node* user = rendered_.Find("KafkaUser", "tertial-tools");
  ASSERT_NE(user, nullptr);
  bool reads_all = false;
  for (const YAML::Node& acl : (*user)["spec"]["authorization"]["acls"]) {
    if (acl["resource"]["name"].as<std::string>("") != "tertial.") continue;
    for (const YAML::Node& op : acl["operations"])
      reads_all = reads_all || op.as<std::string>() == "Read";
  }
  EXPECT_TRUE(reads_all) << "tertial-tools cannot read the topics";
  std::string claim = volumes["backups"]["persistentVolumeClaim"]["claimName"].as<std::string>("");
  const YAML::Node* pvc = rendered_.Find("PersistentVolumeClaim", claim);
  ASSERT_NE(pvc, nullptr) << claim;
  EXPECT_EQ((*pvc)["spec"]["storageClassName"].as<std::string>(""), Site("storageClassName"));
  std::vector<const YAML::Node*> policies = rendered_.All("NetworkPolicy");
  Endpoint job{.name = "tertial-backup", .ns = rendered_.Namespace(), .pod_labels = labels};
  Endpoint kafka{.name = "kafka",
                 .ns = rendered_.Namespace(),
                 .pod_labels = {{"strimzi.io/cluster", "tertial"}, {"strimzi.io/kind", "Kafka"}}};
  std::string why;
  EXPECT_TRUE(Allowed(policies, job, kafka, PortOf(env["TERTIAL_KAFKA"]), "TCP", &why)) << why;

  // The restore job: the CronJob's Kafka settings, volumes and identity; runs the import.
  YAML::Node restore =
      YAML::LoadFile(StrCat(TERTIAL_SOURCE_DIR, "/deploy/k8s/components/backup/restore-job.yaml"));
  YAML::Node restore_pod = restore["spec"]["template"];
  YAML::Node restore_container = restore_pod["spec"]["containers"][0];
  std::vector<std::string> command = restore_container["command"].as<std::vector<std::string>>();
  ASSERT_GE(command.size(), 4u);
  EXPECT_EQ(StrCat(command[0], " ", command[1], " ", command[2]), "tertial log import");
  std::map<std::string, std::string> restore_env;
  for (const YAML::Node& e : restore_container["env"]) {
    restore_env[e["name"].as<std::string>()] = e["value"].as<std::string>("");
  }
  EXPECT_EQ(restore_env["TERTIAL_KAFKA"], env["TERTIAL_KAFKA"]) << "the restore job's Kafka";
  EXPECT_EQ(restore_env["TERTIAL_KAFKA_CONFIG"], env["TERTIAL_KAFKA_CONFIG"]);
  EXPECT_TRUE(restore_env.count("TERTIAL_DATA_DIR") && restore_env["TERTIAL_DATA_DIR"].empty());
  for (const auto& [name, value] : restore_env) {
    EXPECT_TRUE(known.count(name) || name == "DUMP") << "the restore job sets " << name;
  }
  EXPECT_EQ(LabelsOf(restore_pod["metadata"]["labels"])["app.kubernetes.io/component"], "tools");
  std::map<std::string, std::string> restore_volumes;  // name -> canonical form
  for (const YAML::Node& v : restore_pod["spec"]["volumes"]) {
    restore_volumes[v["name"].as<std::string>()] = Canonical(v);
  }
  for (const auto& [name, volume] : volumes) {
    EXPECT_EQ(restore_volumes[name], Canonical(volume)) << "volume " << name;
  }
  EXPECT_TRUE(restore_pod["spec"]["securityContext"]["runAsNonRoot"].as<bool>(false));
  EXPECT_TRUE(restore_container["securityContext"]["readOnlyRootFilesystem"].as<bool>(false));
}

INSTANTIATE_TEST_SUITE_P(Deploy, ProductionOverlay, ::testing::Values("production"));

TEST(DevTokens, FileParsesWithTheAuthorizer) {
  auto authorizer = grpcutil::Authorizer::FromFile(
      StrCat(TERTIAL_SOURCE_DIR, "/deploy/k8s/overlays/dev/tokens.dev"));
  EXPECT_TRUE(authorizer.ok()) << authorizer.status();
}

// Every service's development peer token is in the development tokens file, as a reader
// (or more) of every organisation, so that peers accept it.
TEST(DevTokens, EveryServicesPeerTokenIsKnown) {
  auto authorizer = grpcutil::Authorizer::FromFile(
      StrCat(TERTIAL_SOURCE_DIR, "/deploy/k8s/overlays/dev/tokens.dev"));
  ASSERT_TRUE(authorizer.ok()) << authorizer.status();
  std::ifstream in(StrCat(TERTIAL_SOURCE_DIR, "/deploy/k8s/overlays/dev/peer-tokens.dev"));
  std::map<std::string, std::string> tokens;
  for (std::string line; std::getline(in, line);) {
    size_t eq = line.find('=');
    if (eq != std::string::npos) tokens[line.substr(0, eq)] = line.substr(eq + 1);
  }
  for (const std::string& svc : kServices) {
    ASSERT_TRUE(tokens.count(svc)) << svc << " has no peer token in peer-tokens.dev";
    auto principal = (*authorizer)->Authenticate(tokens[svc]);
    ASSERT_TRUE(principal.ok()) << svc << ": " << principal.status();
    EXPECT_EQ(principal->organisation, "*") << svc;
  }
}

}  // namespace
}  // namespace tertial::deploy
