// Renders every overlay of deploy/k8s with `kubectl kustomize` and checks, on the rendered
// YAML, what operators and the binaries rely on. A broken manifest fails the suite.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "tertial/base/strings.h"
#include "tertial/grpcutil/auth.h"

namespace tertial {
namespace {

const std::vector<std::string> kServices = {"ledger", "forecast", "goals", "reporting"};
const std::vector<std::string> kTopics = {"tertial.ledger.v1", "tertial.forecast.v1",
                                          "tertial.goals.v1", "tertial.reporting.v1",
                                          "tertial.admin.v1"};

// stdout of `command`; `ok` false if it failed.
std::string RunCommand(const std::string& command, bool* ok) {
  std::string out;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    *ok = false;
    return "";
  }
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof(buffer), pipe)) > 0;) out.append(buffer, n);
  *ok = pclose(pipe) == 0;
  return out;
}

// Environment variables a binary reads, from its --help ("[$NAME]").
std::set<std::string> EnvOf(const std::string& binary) {
  bool ok = false;
  std::string help = RunCommand(binary + " --help", &ok);
  std::set<std::string> names;
  std::regex env(R"(\[\$([A-Z0-9_]+)\])");
  for (auto it = std::sregex_iterator(help.begin(), help.end(), env); it != std::sregex_iterator();
       ++it) {
    names.insert((*it)[1]);
  }
  EXPECT_FALSE(names.empty()) << binary << " --help listed no environment variables:\n" << help;
  return names;
}

// What the container of `svc` may set: its own binary's variables, the probe's, and those
// read from the environment only.
std::set<std::string> KnownEnv(const std::string& svc) {
  std::set<std::string> known =
      EnvOf(StrCat(TERTIAL_BINARY_DIR, "/services/", svc, "/tertial-", svc));
  for (const std::string& name :
       EnvOf(StrCat(TERTIAL_BINARY_DIR, "/apps/tertial-healthcheck/tertial-healthcheck"))) {
    known.insert(name);
  }
  // Read from the environment only (apps/host/log_factory.h, peer_channels.h, and the
  // reporting service's report pages).
  known.insert({"TERTIAL_KAFKA_CONFIG", "TERTIAL_KAFKA_CLIENT_ID"});
  if (svc == "reporting") known.insert("TERTIAL_REPORTING_HTTP");
  for (const std::string& peer : kServices) {
    std::string upper;
    for (char c : peer) upper.push_back(static_cast<char>(std::toupper(c)));
    known.insert(upper + "_ADDR");
  }
  return known;
}

struct Rendered {
  std::vector<YAML::Node> docs;
  const YAML::Node* Find(const std::string& kind, const std::string& name) const {
    for (const YAML::Node& doc : docs) {
      if (doc["kind"].as<std::string>("") == kind &&
          doc["metadata"]["name"].as<std::string>("") == name) {
        return &doc;
      }
    }
    return nullptr;
  }
  std::vector<const YAML::Node*> All(const std::string& kind) const {
    std::vector<const YAML::Node*> out;
    for (const YAML::Node& doc : docs) {
      if (doc["kind"].as<std::string>("") == kind) out.push_back(&doc);
    }
    return out;
  }
};

class Overlay : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    bool ok = false;
    std::string yaml = RunCommand(
        StrCat("kubectl kustomize ", TERTIAL_SOURCE_DIR, "/deploy/k8s/overlays/", GetParam()), &ok);
    ASSERT_TRUE(ok) << "kubectl kustomize failed for " << GetParam() << ":\n" << yaml;
    rendered_.docs = YAML::LoadAll(yaml);
    ASSERT_FALSE(rendered_.docs.empty());
  }

  // Env of a container: name -> value (configMap keys included through envFrom).
  std::map<std::string, std::string> EnvOf(const YAML::Node& container) {
    std::map<std::string, std::string> env;
    for (const YAML::Node& from : container["envFrom"]) {
      std::string name = from["configMapRef"]["name"].as<std::string>("");
      const YAML::Node* map = rendered_.Find("ConfigMap", name);
      EXPECT_NE(map, nullptr) << "envFrom names ConfigMap " << name << ", which is not rendered";
      if (map == nullptr) continue;
      for (const auto& item : (*map)["data"]) {
        env[item.first.as<std::string>()] = item.second.as<std::string>();
      }
    }
    for (const YAML::Node& e : container["env"]) {
      env[e["name"].as<std::string>()] = e["value"].as<std::string>("");
    }
    return env;
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
  }
}

TEST_P(Overlay, PodsRunAsNonRootOnReadOnlyRootWithResources) {
  for (const YAML::Node* set : rendered_.All("StatefulSet")) {
    std::string name = (*set)["metadata"]["name"].as<std::string>();
    YAML::Node pod = (*set)["spec"]["template"]["spec"];
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
      } else {
        // TLS ports: tertial-healthcheck, which speaks grpc.health.v1 over TLS.
        ASSERT_TRUE(p["exec"]["command"].IsSequence()) << svc << " " << probe;
        EXPECT_EQ(p["exec"]["command"][0].as<std::string>(), "tertial-healthcheck") << svc;
        std::string command;
        for (const YAML::Node& arg : p["exec"]["command"]) command += " " + arg.as<std::string>();
        EXPECT_NE(command.find(StrCat("127.0.0.1:", grpc_port)), std::string::npos) << command;
        if (!env["TERTIAL_TLS_CERT"].empty()) {
          EXPECT_NE(command.find("--tls-ca"), std::string::npos) << svc << ": TLS port, plaintext probe";
        }
      }
    }
  }
}

TEST_P(Overlay, ConfigComesFromKnownEnvironmentVariablesAndSecrets) {
  for (const std::string& svc : kServices) {
    const std::set<std::string> known = KnownEnv(svc);
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
      std::string upper;
      for (char ch : peer) upper.push_back(static_cast<char>(std::toupper(ch)));
      EXPECT_EQ(env[upper + "_ADDR"], StrCat(peer, ":50051")) << svc << " -> " << peer;
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
      claimed = claimed || claim["metadata"]["name"].as<std::string>("") == mounts[env["TERTIAL_DATA_DIR"]];
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
  for (const YAML::Node& doc : rendered_.docs) {
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

INSTANTIATE_TEST_SUITE_P(Deploy, Overlay, ::testing::Values("dev", "production"));

class ProductionOverlay : public Overlay {};

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
    std::map<std::string, std::string> env = EnvOf((*set)["spec"]["template"]["spec"]["containers"][0]);
    EXPECT_FALSE(env["TERTIAL_TLS_CERT"].empty()) << svc << ": TLS is off";
    EXPECT_FALSE(env["TERTIAL_TLS_KEY"].empty()) << svc;
    EXPECT_NE(env["TERTIAL_KAFKA_CONFIG"].find("security.protocol=ssl"), std::string::npos) << svc;
    EXPECT_FALSE(env["TERTIAL_PEER_TLS_CA"].empty()) << svc << ": peers would be called in plaintext";
    if ((*set)["spec"]["replicas"].as<int>(1) > 1) ++replicated;
    EXPECT_NE(rendered_.Find("KafkaUser", "tertial-" + svc), nullptr) << svc;
  }
  EXPECT_GE(replicated, 1);
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
}  // namespace tertial
