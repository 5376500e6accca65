// No cluster runs here, so the dev overlay runs as written on this machine. The test
// renders deploy/k8s/overlays/dev and acts as the kubelet for every workload in it:
//
//   - the container's command and args, and its environment (the image's ENV from
//     deploy/docker/Dockerfile, envFrom, env), exactly as rendered, with what differs on one
//     machine rewritten: container ports to free local ports (a wildcard listen address to
//     127.0.0.1: the dev tokens are public, so nothing here listens beyond loopback;
//     manifests_test checks that the pods listen on 0.0.0.0), Service addresses
//     (ledger:50051) to the local port of the pod behind them, the Kafka bootstrap Service
//     of the Strimzi cluster to tertial-devbroker (created with the KafkaTopics'
//     partitions), and mount paths to directories of a temporary root holding the mounted
//     Secrets' and ConfigMaps' files, the emptyDirs and the claims;
//   - a variable the binary does not read, a path on no volume, an address of no Service, a
//     volume or probe of a kind this kubelet does not know: the test fails, naming it;
//   - the startup, readiness and liveness probes as the kubelet runs them (gRPC health,
//     httpGet, tcpSocket, exec with the container's environment), faster than their
//     periods but within failureThreshold x periodSeconds (at most a minute);
//   - then the demo municipality's follow-up cycle through the CLI, at the addresses the
//     Services give (with the dev admin token of tokens.dev), and the report renders.
// Everything it starts is stopped at the end (SIGTERM, then SIGKILL), also on failure.

#include <arpa/inet.h>
#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../e2e/process.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "rendered.h"
#include "service_table.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/event_log.h"
#include "tertial/grpcutil/auth.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::deploy {
namespace {

using Clock = std::chrono::steady_clock;
using e2e::Env;
using e2e::Process;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr char kAdminToken[] = "dev-admin-not-secret";  // tokens.dev says so
constexpr seconds kLongestProbeWait{60};

std::string Bin(std::string_view relative) { return StrCat(TERTIAL_BINARY_DIR, "/", relative); }

long long Millis(Clock::duration d) { return std::chrono::duration_cast<milliseconds>(d).count(); }

// What the images hold: a command's first word -> the binary built here.
std::string LocalBinary(const std::string& name) {
  static const std::map<std::string, std::string> kBinaries = {
      {"tertial-ledger", "services/ledger/tertial-ledger"},
      {"tertial-forecast", "services/forecast/tertial-forecast"},
      {"tertial-goals", "services/goals/tertial-goals"},
      {"tertial-reporting", "services/reporting/tertial-reporting"},
      {"tertial-healthcheck", "apps/tertial-healthcheck/tertial-healthcheck"},
      {"tertial-relay", "apps/tertial-relay/tertial-relay"},
      {"tertiald", "apps/tertiald"},
      {"tertial", "apps/tertial"}};
  std::string base = name.substr(name.rfind('/') + 1);
  if (name.find('/') != std::string::npos && name.rfind("/usr/local/bin/", 0) != 0) return "";
  auto it = kBinaries.find(base);
  return it == kBinaries.end() ? "" : Bin(it->second);
}

// The runtime image's ENV (deploy/docker/Dockerfile, last stage): what a container has
// before the manifest's env.
Env ImageEnv() {
  std::ifstream in(StrCat(TERTIAL_SOURCE_DIR, "/deploy/docker/Dockerfile"));
  Env env;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("FROM ", 0) == 0) env.clear();
    if (line.rfind("ENV ", 0) != 0) continue;
    std::istringstream words(line.substr(4));
    for (std::string word; words >> word;) {
      size_t eq = word.find('=');
      if (eq != std::string::npos) env[word.substr(0, eq)] = word.substr(eq + 1);
    }
  }
  return env;
}

void WriteFile(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// The status code of GET http://127.0.0.1:port/path; 0 when nothing answers.
int HttpGet(int port, const std::string& path, milliseconds timeout) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  timeval tv{.tv_sec = static_cast<time_t>(timeout.count() / 1000),
             .tv_usec = static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) {
    std::string request =
        StrCat("GET ", path, " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    if (write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
      char buffer[4096];
      for (ssize_t n; (n = read(fd, buffer, sizeof(buffer))) > 0;) response.append(buffer, n);
    }
  }
  close(fd);
  std::smatch status;
  if (std::regex_search(response, status, std::regex(R"(^HTTP/1\.[01] ([0-9]{3}))"))) {
    return std::stoi(status[1]);
  }
  return 0;
}

bool TcpConnects(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  close(fd);
  return ok;
}

// grpc.health.v1 over plaintext, as the kubelet's gRPC probe asks.
bool GrpcServing(int port, const std::string& service, milliseconds timeout, std::string* why) {
  auto channel =
      grpc::CreateChannel(StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) {
    *why = status.error_message();
    return false;
  }
  *why = grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status());
  return response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
}

// One replica of a workload, run as its pod's only container would run.
struct Pod {
  std::string name;  // ledger-0
  std::string workload;
  Labels labels;
  YAML::Node container;
  std::string root;                                         // this pod's directory
  std::map<int, int> ports;                                 // containerPort -> local port
  std::map<std::string, int> named_ports;                   // name -> containerPort
  std::vector<std::pair<std::string, std::string>> mounts;  // mountPath -> local directory
  std::vector<std::string> argv;
  Env env;
  std::unique_ptr<Process> process;
  std::string log;
};

// The kubelet (and the cluster's DNS and Kafka) of this test.
class Kubelet {
 public:
  explicit Kubelet(const Rendered& rendered) : rendered_(rendered) {}

  ~Kubelet() { Stop(); }

  // Stops every pod (SIGTERM to all, then SIGKILL to any still running after 5 s) and the
  // broker; adds a failure for a process that did not stop cleanly on SIGTERM.
  void Stop() {
    auto stopping = Clock::now();
    for (Pod& pod : pods_) {
      if (pod.process != nullptr && pod.process->running()) pod.process->Signal(SIGTERM);
    }
    for (Pod& pod : pods_) {
      if (pod.process == nullptr || !pod.process->running()) continue;
      milliseconds left =
          std::max(milliseconds(0),
                   std::chrono::duration_cast<milliseconds>(stopping + seconds(5) - Clock::now()));
      std::optional<int> status = pod.process->WaitFor(left);
      if (!status) {
        pod.process->Signal(SIGKILL);
        pod.process->Wait();
        ADD_FAILURE() << pod.name << " ignored SIGTERM for 5 s";
      } else if (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0) {
        ADD_FAILURE() << pod.name << " did not exit cleanly on SIGTERM (status " << *status
                      << "):\n"
                      << e2e::ReadFile(pod.log);
      } else {
        std::fprintf(stderr, "[timing] %s stopped on SIGTERM in %lld ms\n", pod.name.c_str(),
                     Millis(Clock::now() - stopping));
      }
    }
    if (broker_ != nullptr && broker_->running()) {
      broker_->Signal(SIGTERM);
      if (!broker_->WaitFor(seconds(5))) {
        broker_->Signal(SIGKILL);
        broker_->Wait();
      }
    }
  }

  // Everything up to started, probed and ready; an error says what is wrong.
  absl::Status Run() {
    if (absl::Status s = StartBroker(); !s.ok()) return s;
    for (const char* kind : {"StatefulSet", "Deployment", "DaemonSet", "Job", "CronJob"}) {
      for (const YAML::Node* workload : rendered_.All(kind)) {
        if (std::string(kind) != "StatefulSet" && std::string(kind) != "Deployment") {
          return absl::UnimplementedError(
              StrCat(kind, " ", (*workload)["metadata"]["name"].as<std::string>(),
                     ": this test runs StatefulSets and Deployments; teach it this kind"));
        }
        if (absl::Status s = Plan(*workload); !s.ok()) return s;
      }
    }
    if (pods_.empty()) return absl::NotFoundError("the overlay has no workload");
    // Addresses can be rewritten only once every pod has its ports.
    for (Pod& pod : pods_) {
      if (absl::Status s = Prepare(pod); !s.ok()) return s;
    }
    for (Pod& pod : pods_) {
      pod.process = std::make_unique<Process>(pod.argv, pod.env, pod.log);
      if (!pod.process->running()) return absl::InternalError(StrCat(pod.name, " did not start"));
    }
    for (Pod& pod : pods_) {
      auto started = Clock::now();
      for (const char* probe : {"startupProbe", "readinessProbe", "livenessProbe"}) {
        if (absl::Status s = Probe(pod, probe); !s.ok()) return s;
      }
      std::fprintf(stderr, "[timing] %s: probes passed after another %lld ms\n", pod.name.c_str(),
                   Millis(Clock::now() - started));
    }
    return absl::OkStatus();
  }

  // A value (or argument) as it reads on this machine.
  absl::StatusOr<std::string> Rewrite(const Pod* pod, const std::string& value) const {
    std::string out;
    size_t start = 0;
    while (start <= value.size()) {
      size_t end = value.find_first_of(",= ", start);
      if (end == std::string::npos) end = value.size();
      absl::StatusOr<std::string> token = RewriteToken(pod, value.substr(start, end - start));
      if (!token.ok()) return token.status();
      out += *token;
      if (end < value.size()) out.push_back(value[end]);
      start = end + 1;
    }
    return out;
  }

  const std::vector<Pod>& pods() const { return pods_; }
  const std::string& bootstrap() const { return bootstrap_; }
  tertial::testing::TempDir& dir() { return dir_; }

  // Local port of `port` (number or name) of the first pod a Service selects.
  absl::StatusOr<int> ServicePort(const std::string& service, const std::string& port) const {
    const YAML::Node* object = rendered_.Find("Service", service);
    if (object == nullptr) return absl::NotFoundError(StrCat("no Service ", service));
    std::string target;
    for (const YAML::Node& p : (*object)["spec"]["ports"]) {
      if (p["port"].as<std::string>() == port || p["name"].as<std::string>("") == port) {
        target = p["targetPort"].as<std::string>(p["port"].as<std::string>());
      }
    }
    if (target.empty())
      return absl::NotFoundError(StrCat("Service ", service, " has no port ", port));
    for (const Pod& pod : pods_) {
      bool selected = true;
      for (const auto& [key, value] : LabelsOf((*object)["spec"]["selector"])) {
        auto it = pod.labels.find(key);
        selected = selected && it != pod.labels.end() && it->second == value;
      }
      if (!selected) continue;
      int container_port = std::isdigit(static_cast<unsigned char>(target[0]))
                               ? std::stoi(target)
                               : (pod.named_ports.count(target) ? pod.named_ports.at(target) : 0);
      auto local = pod.ports.find(container_port);
      if (local == pod.ports.end()) {
        return absl::NotFoundError(StrCat("Service ", service, " port ", port, " targets ", target,
                                          ", which pod ", pod.name, " does not expose"));
      }
      return local->second;
    }
    return absl::NotFoundError(StrCat("Service ", service, " selects no pod"));
  }

 private:
  absl::Status StartBroker() {
    // The Strimzi cluster becomes tertial-devbroker: its topics, with their partitions.
    std::vector<const YAML::Node*> clusters = rendered_.All("Kafka");
    if (clusters.size() != 1) return absl::FailedPreconditionError("expected one Kafka cluster");
    kafka_service_ =
        StrCat((*clusters[0])["metadata"]["name"].as<std::string>(), "-kafka-bootstrap");
    for (const YAML::Node& listener : (*clusters[0])["spec"]["kafka"]["listeners"]) {
      if (listener["tls"].as<bool>(false)) continue;  // the devbroker speaks plaintext only
      kafka_ports_.insert(listener["port"].as<int>());
    }
    int partitions = 0;
    std::vector<std::string> extra;
    for (const YAML::Node* topic : rendered_.All("KafkaTopic")) {
      int p = (*topic)["spec"]["partitions"].as<int>(0);
      std::string name = (*topic)["spec"]["topicName"].as<std::string>(
          (*topic)["metadata"]["name"].as<std::string>());
      // The devbroker gives the operator's topic one partition and every other topic
      // --partitions: the manifests must ask for the same.
      if (name == eventlog::kAdminTopic) {
        if (p != 1) {
          return absl::FailedPreconditionError(
              StrCat("KafkaTopic ", name, " has ", p, " partitions; it needs exactly one"));
        }
        continue;
      }
      if (partitions != 0 && p != partitions) {
        return absl::FailedPreconditionError(
            "KafkaTopics with different partition counts: the "
            "devbroker makes every topic alike");
      }
      partitions = p;
      if (name.rfind("tertial.", 0) != 0 || name.find(".v1") == std::string::npos) {
        extra.push_back(name);
      }
    }
    int nodes = 0;
    for (const YAML::Node* pool : rendered_.All("KafkaNodePool")) {
      nodes += (*pool)["spec"]["replicas"].as<int>(0);
    }
    std::vector<std::string> args = {Bin("apps/tertial-devbroker/tertial-devbroker"),
                                     "--partitions", std::to_string(partitions), "--brokers",
                                     std::to_string(std::max(nodes, 1))};
    for (const std::string& topic : extra) args.insert(args.end(), {"--topics", topic});
    broker_ = std::make_unique<Process>(args, Env{}, dir_.Sub("devbroker.log"));
    bootstrap_ = broker_->ReadLine(seconds(20));
    if (bootstrap_.empty()) {
      return absl::UnavailableError(StrCat("tertial-devbroker printed no bootstrap:\n",
                                           e2e::ReadFile(dir_.Sub("devbroker.log"))));
    }
    return absl::OkStatus();
  }

  // Ports and volumes of each replica of `workload`.
  absl::Status Plan(const YAML::Node& workload) {
    std::string name = workload["metadata"]["name"].as<std::string>();
    YAML::Node spec = workload["spec"]["template"]["spec"];
    if (spec["containers"].size() != 1 || spec["initContainers"].IsDefined()) {
      return absl::UnimplementedError(StrCat(name, ": one container per pod, no init containers"));
    }
    int replicas = workload["spec"]["replicas"].as<int>(1);
    for (int r = 0; r < replicas; ++r) {
      Pod& pod = pods_.emplace_back();
      pod.workload = name;
      pod.name = StrCat(name, "-", r);
      pod.labels = LabelsOf(workload["spec"]["template"]["metadata"]["labels"]);
      pod.container = spec["containers"][0];
      pod.root = dir_.Sub(StrCat("pods/", pod.name));
      pod.log = dir_.Sub(StrCat(pod.name, ".log"));
      for (const YAML::Node& port : pod.container["ports"]) {
        int number = port["containerPort"].as<int>();
        pod.ports[number] = e2e::FreePort();
        if (port["name"].IsDefined()) pod.named_ports[port["name"].as<std::string>()] = number;
      }
      if (absl::Status s = MountVolumes(workload, pod); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  absl::Status WriteData(const YAML::Node& object, const YAML::Node& items,
                         const std::string& dir) {
    std::map<std::string, std::string> data = rendered_.DataOf(object);
    std::vector<std::pair<std::string, std::string>> files;  // key -> path
    if (items.IsDefined() && items.size() > 0) {
      for (const YAML::Node& item : items) {
        files.emplace_back(item["key"].as<std::string>(), item["path"].as<std::string>());
      }
    } else {
      for (const auto& [key, value] : data) files.emplace_back(key, key);
    }
    for (const auto& [key, path] : files) {
      if (!data.count(key)) {
        return absl::NotFoundError(StrCat(object["kind"].as<std::string>(""), " ",
                                          object["metadata"]["name"].as<std::string>(""),
                                          " has no key ", key));
      }
      if (path.empty() || path[0] == '/' || path.find("..") != std::string::npos) {
        return absl::InvalidArgumentError(StrCat("volume item path ", path));
      }
      WriteFile(StrCat(dir, "/", path), data[key]);
    }
    return absl::OkStatus();
  }

  absl::Status MountVolumes(const YAML::Node& workload, Pod& pod) {
    YAML::Node spec = workload["spec"]["template"]["spec"];
    for (const YAML::Node& mount : pod.container["volumeMounts"]) {
      std::string volume = mount["name"].as<std::string>();
      std::string dir = StrCat(pod.root, "/volumes/", volume);
      std::filesystem::create_directories(dir);
      bool found = false;
      for (const YAML::Node& claim : workload["spec"]["volumeClaimTemplates"]) {
        found = found || claim["metadata"]["name"].as<std::string>("") == volume;
      }
      for (YAML::Node v : spec["volumes"]) {
        if (v["name"].as<std::string>("") != volume) continue;
        found = true;
        std::vector<std::pair<std::string, YAML::Node>> sources;  // kind, source
        if (v["secret"].IsDefined()) sources.emplace_back("Secret", v["secret"]);
        if (v["configMap"].IsDefined()) sources.emplace_back("ConfigMap", v["configMap"]);
        for (YAML::Node s : v["projected"]["sources"]) {
          if (s["secret"].IsDefined())
            sources.emplace_back("Secret", s["secret"]);
          else if (s["configMap"].IsDefined())
            sources.emplace_back("ConfigMap", s["configMap"]);
          else
            return absl::UnimplementedError(
                StrCat(pod.name, ": projected source of volume ", volume));
        }
        if (sources.empty() && !v["emptyDir"].IsDefined()) {
          return absl::UnimplementedError(
              StrCat(pod.name, ": volume ", volume, " is of a kind this test does not know"));
        }
        for (const auto& [kind, source] : sources) {
          std::string object_name =
              source[kind == "Secret" && source["secretName"].IsDefined() ? "secretName" : "name"]
                  .as<std::string>("");
          const YAML::Node* object = rendered_.Find(kind, object_name);
          if (object == nullptr) {
            return absl::NotFoundError(StrCat(pod.name, ": volume ", volume, " needs ", kind, " ",
                                              object_name, ", which the overlay does not render"));
          }
          if (absl::Status s = WriteData(*object, source["items"], dir); !s.ok()) return s;
        }
      }
      if (!found) return absl::NotFoundError(StrCat(pod.name, ": no volume ", volume));
      std::string local = dir;
      if (mount["subPath"].IsDefined())
        local = StrCat(dir, "/", mount["subPath"].as<std::string>());
      pod.mounts.emplace_back(mount["mountPath"].as<std::string>(), local);
    }
    // Longest mount path first, as the container's file system resolves them.
    std::sort(pod.mounts.begin(), pod.mounts.end(),
              [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    return absl::OkStatus();
  }

  // Command, arguments and environment, rewritten, and the variables checked.
  absl::Status Prepare(Pod& pod) {
    std::vector<std::string> errors;
    Env env = ImageEnv();
    for (const auto& [name, value] : rendered_.EnvOf(pod.container, &errors)) env[name] = value;
    if (!errors.empty()) return absl::FailedPreconditionError(StrCat(pod.name, ": ", errors[0]));
    std::vector<std::string> command;
    for (const YAML::Node& c : pod.container["command"]) command.push_back(c.as<std::string>());
    if (command.empty()) {
      return absl::FailedPreconditionError(
          StrCat(pod.name,
                 ": no command: the manifest leaves the binary to the image's "
                 "entrypoint; name it (command: [tertial-<svc>])"));
    }
    std::string binary = LocalBinary(command[0]);
    if (binary.empty()) {
      return absl::FailedPreconditionError(
          StrCat(pod.name, ": command ", command[0], " is no binary of tertial's images"));
    }
    // Every variable must be one the binary (or the probe's tertial-healthcheck, which runs
    // in the container) reads.
    std::set<std::string> known = pod.labels["app.kubernetes.io/component"] == "service"
                                      ? KnownEnv(pod.workload)
                                      : EnvOfBinary(binary);
    for (const auto& [name, value] : env) {
      if (!known.count(name)) {
        return absl::FailedPreconditionError(
            StrCat(pod.name, ": ", name, " is set, and ", command[0], " does not read it"));
      }
    }
    for (auto& [name, value] : env) {
      absl::StatusOr<std::string> local = Rewrite(&pod, value);
      if (!local.ok())
        return absl::Status(local.status().code(),
                            StrCat(pod.name, ": ", name, ": ", local.status().message()));
      value = *local;
    }
    pod.env = env;
    pod.argv = {binary};
    std::vector<std::string> args(command.begin() + 1, command.end());
    for (const YAML::Node& a : pod.container["args"]) args.push_back(a.as<std::string>());
    for (const std::string& arg : args) {
      absl::StatusOr<std::string> local = Rewrite(&pod, Expand(arg, pod.env));
      if (!local.ok())
        return absl::Status(local.status().code(),
                            StrCat(pod.name, ": argument ", arg, ": ", local.status().message()));
      pod.argv.push_back(*local);
    }
    return absl::OkStatus();
  }

  // Kubernetes' $(VAR) references in command and args.
  static std::string Expand(const std::string& arg, const Env& env) {
    std::string out;
    for (size_t i = 0; i < arg.size(); ++i) {
      if (arg.compare(i, 2, "$$") == 0) {
        out.push_back('$');
        ++i;
      } else if (arg.compare(i, 2, "$(") == 0 && arg.find(')', i) != std::string::npos) {
        size_t close = arg.find(')', i);
        std::string name = arg.substr(i + 2, close - i - 2);
        auto it = env.find(name);
        out += it != env.end() ? it->second : arg.substr(i, close - i + 1);
        i = close;
      } else {
        out.push_back(arg[i]);
      }
    }
    return out;
  }

  absl::StatusOr<std::string> RewriteToken(const Pod* pod, const std::string& token) const {
    if (token.empty()) return token;
    if (token[0] == '/') {
      if (pod == nullptr) return token;
      for (const auto& [path, local] : pod->mounts) {
        if (token == path || token.rfind(path + "/", 0) == 0)
          return local + token.substr(path.size());
      }
      return absl::NotFoundError(StrCat("the path ", token,
                                        " is on no volume of the pod (the "
                                        "root file system is read-only and holds only the image)"));
    }
    std::smatch address;
    static const std::regex kAddress(R"(^(\[[0-9a-f:]*\]|[A-Za-z0-9.-]*):([0-9]+)$)");
    if (!std::regex_match(token, address, kAddress)) return token;
    std::string host = address[1];
    int port = std::stoi(address[2]);
    static const std::set<std::string> kLocal = {"0.0.0.0", "127.0.0.1", "localhost",
                                                 "[::]",    "[::1]",     ""};
    if (kLocal.count(host)) {
      if (pod == nullptr || !pod->ports.count(port)) {
        return absl::NotFoundError(StrCat(token, ": port ", port, " is no container port of ",
                                          pod == nullptr ? "a pod" : pod->name));
      }
      const bool wildcard = host == "0.0.0.0" || host == "[::]" || host.empty();
      return StrCat(wildcard ? "127.0.0.1" : host, ":", pod->ports.at(port));
    }
    // A Service: "name", "name.namespace", "name.namespace.svc[.cluster.local]".
    std::string service = host.substr(0, host.find('.'));
    std::string rest = host.substr(service.size());
    const std::string ns = rendered_.Namespace();
    if (!rest.empty() && rest != "." + ns && rest != "." + ns + ".svc" &&
        rest != "." + ns + ".svc.cluster.local") {
      return absl::NotFoundError(StrCat(token, ": a host outside the namespace"));
    }
    if (service == kafka_service_) {
      if (!kafka_ports_.count(port)) {
        return absl::NotFoundError(
            StrCat(token, ": the Kafka cluster has no plaintext listener on ", port));
      }
      return bootstrap_;
    }
    absl::StatusOr<int> local = ServicePort(service, std::to_string(port));
    if (!local.ok()) return local.status();
    return StrCat("127.0.0.1:", *local);
  }

  // One probe as the kubelet runs it, until it passes or its failures run out.
  absl::Status Probe(Pod& pod, const std::string& which) {
    YAML::Node probe = pod.container[which];
    if (!probe.IsDefined()) return absl::OkStatus();
    const int period = probe["periodSeconds"].as<int>(10);
    const int failures = probe["failureThreshold"].as<int>(3);
    const milliseconds timeout = seconds(probe["timeoutSeconds"].as<int>(1));
    auto deadline =
        Clock::now() + std::min<Clock::duration>(seconds(period * failures), kLongestProbeWait);
    std::string why;
    for (;;) {
      if (std::optional<int> ended = pod.process->WaitFor(milliseconds(0))) {
        return absl::AbortedError(StrCat(pod.name, " exited (status ", *ended, ") before its ",
                                         which, " passed:\n", e2e::ReadFile(pod.log)));
      }
      absl::StatusOr<bool> passed = ProbeOnce(pod, probe, timeout, &why);
      if (!passed.ok()) return passed.status();
      if (*passed) return absl::OkStatus();
      if (Clock::now() > deadline) {
        return absl::DeadlineExceededError(StrCat(pod.name, ": the ", which, " never passed (", why,
                                                  "):\n", e2e::ReadFile(pod.log)));
      }
      std::this_thread::sleep_for(milliseconds(100));
    }
  }

  absl::StatusOr<int> ProbePort(const Pod& pod, const YAML::Node& port) const {
    std::string text = port.as<std::string>("");
    int number = !text.empty() && std::isdigit(static_cast<unsigned char>(text[0]))
                     ? std::stoi(text)
                     : (pod.named_ports.count(text) ? pod.named_ports.at(text) : 0);
    if (!pod.ports.count(number)) {
      return absl::NotFoundError(
          StrCat(pod.name, ": a probe's port ", text, " is no container port"));
    }
    return pod.ports.at(number);
  }

  absl::StatusOr<bool> ProbeOnce(const Pod& pod, const YAML::Node& probe, milliseconds timeout,
                                 std::string* why) const {
    if (probe["grpc"].IsDefined()) {
      absl::StatusOr<int> port = ProbePort(pod, probe["grpc"]["port"]);
      if (!port.ok()) return port.status();
      return GrpcServing(*port, probe["grpc"]["service"].as<std::string>(""), timeout, why);
    }
    if (probe["httpGet"].IsDefined()) {
      if (probe["httpGet"]["scheme"].as<std::string>("HTTP") != "HTTP") {
        return absl::UnimplementedError(StrCat(pod.name, ": an HTTPS probe"));
      }
      absl::StatusOr<int> port = ProbePort(pod, probe["httpGet"]["port"]);
      if (!port.ok()) return port.status();
      int status = HttpGet(*port, probe["httpGet"]["path"].as<std::string>("/"), timeout);
      *why = StrCat("HTTP status ", status);
      return status >= 200 && status < 400;
    }
    if (probe["tcpSocket"].IsDefined()) {
      absl::StatusOr<int> port = ProbePort(pod, probe["tcpSocket"]["port"]);
      if (!port.ok()) return port.status();
      *why = "no connection";
      return TcpConnects(*port);
    }
    if (probe["exec"].IsDefined()) {
      std::vector<std::string> command;
      for (const YAML::Node& c : probe["exec"]["command"]) command.push_back(c.as<std::string>());
      if (command.empty())
        return absl::InvalidArgumentError(StrCat(pod.name, ": empty exec probe"));
      std::vector<std::string> argv = {LocalBinary(command[0])};
      if (argv[0].empty()) {
        return absl::FailedPreconditionError(
            StrCat(pod.name, ": the exec probe runs ", command[0], ", which the image lacks"));
      }
      for (size_t i = 1; i < command.size(); ++i) {
        absl::StatusOr<std::string> local = Rewrite(&pod, command[i]);
        if (!local.ok()) return local.status();
        argv.push_back(*local);
      }
      e2e::Result result =
          e2e::Run(argv, pod.env, std::chrono::duration_cast<seconds>(timeout) + seconds(1));
      *why = StrCat("exit ", result.exit_code, ": ", result.err);
      return result.exit_code == 0;
    }
    return absl::UnimplementedError(
        StrCat(pod.name, ": a probe of a kind this test does not know"));
  }

  const Rendered& rendered_;
  tertial::testing::TempDir dir_;
  std::unique_ptr<Process> broker_;
  std::string bootstrap_;
  std::string kafka_service_;
  std::set<int> kafka_ports_;
  std::vector<Pod> pods_;
};

TEST(DevOverlayAsWritten, EveryWorkloadStartsPassesItsProbesAndServesTheDemo) {
  absl::StatusOr<Rendered> rendered = Rendered::Overlay("dev");
  ASSERT_TRUE(rendered.ok()) << rendered.status();
  auto started = Clock::now();
  Kubelet kubelet(*rendered);
  absl::Status up = kubelet.Run();
  ASSERT_TRUE(up.ok()) << up;
  std::fprintf(stderr, "[timing] the dev overlay's %zu pods ready in %lld ms\n",
               kubelet.pods().size(), Millis(Clock::now() - started));

  // The CLI at the Services' addresses, as a person with a port-forward would reach them,
  // with the dev admin token (whose hash the rendered tokens Secret must hold).
  // The tokens file the pods mount (a generated Secret: its name carries a hash).
  std::string tokens_secret;
  for (YAML::Node volume :
       (*rendered->Find("StatefulSet", "ledger"))["spec"]["template"]["spec"]["volumes"]) {
    if (volume["name"].as<std::string>("") == "tokens") {
      tokens_secret = volume["secret"]["secretName"].as<std::string>("");
    }
  }
  const YAML::Node* tokens = rendered->Find("Secret", tokens_secret);
  ASSERT_NE(tokens, nullptr) << "no Secret " << tokens_secret;
  WriteFile(kubelet.dir().Sub("tokens"), rendered->DataOf(*tokens)["tokens"]);
  auto authorizer = grpcutil::Authorizer::FromFile(kubelet.dir().Sub("tokens"));
  ASSERT_TRUE(authorizer.ok()) << authorizer.status();
  ASSERT_TRUE((*authorizer)->Authenticate(kAdminToken).ok()) << "tokens.dev lost the admin token";
  Env cli = {
      {"TERTIAL_TOKEN", kAdminToken}, {"TERTIAL_ORG", "0580"}, {"TERTIAL_ACTOR", "dev.admin"}};
  for (const std::string& svc : host::ServiceNames()) {
    absl::StatusOr<int> port = kubelet.ServicePort(svc, "grpc");
    ASSERT_TRUE(port.ok()) << port.status();
    cli[StrCat("TERTIAL_", Upper(svc), "_SERVER")] = StrCat("127.0.0.1:", *port);
  }
  auto tertial = [&](std::vector<std::string> args) {
    args.insert(args.begin(), Bin("apps/tertial"));
    return e2e::Run(args, cli, seconds(120));
  };

  const std::string demo = kubelet.dir().Sub("demo");
  e2e::Result generated = e2e::Run({Bin("data/generator/tertial-demo-data"), "--out", demo}, {});
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  auto cycle = Clock::now();
  for (const std::vector<std::string>& command : std::vector<std::vector<std::string>>{
           {"import", demo + "/units.csv", demo + "/projects.csv", demo + "/ledger-2020.se",
            demo + "/ledger-2021.se"},
           {"import", "--year", "2020", demo + "/budget-2020.csv"},
           {"import", "--year", "2021", demo + "/budget-2021.csv"},
           {"close-period", "2021-08"},
           {"forecast", "method", "--year", "2021", "budget_remaining"},
           {"forecast", "adjust", "--year", "2021", "--file", demo + "/adjustments-2021.csv"},
           {"goals", "import", StrCat(TERTIAL_SOURCE_DIR, "/data/linkoping-ks/plan.yaml")}}) {
    e2e::Result r = tertial(command);
    ASSERT_EQ(r.exit_code, 0) << "tertial " << command[0] << " " << command[1] << ":\n"
                              << r.err << r.out;
  }
  std::fprintf(stderr, "[timing] the demo's follow-up cycle through the Services in %lld ms\n",
               Millis(Clock::now() - cycle));
  e2e::Result report = tertial({"report", "--board", "KS", "--period", "2021-08", "--format",
                                "json", "-o", kubelet.dir().Sub("report")});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  std::string json = e2e::ReadFile(kubelet.dir().Sub("report/delarsrapport-0580-KS-2021-08.json"));
  EXPECT_NE(json.find("\"board_id\":\"KS\""), std::string::npos);
  EXPECT_NE(json.find("Kommunstyrelsen"), std::string::npos);
  EXPECT_NE(json.find("Räddningstjänsten"), std::string::npos) << "adjustments missing";
  // Every projection caught up with every partition.
  e2e::Result status = tertial({"status", "--partitions", "--format", "csv"});
  ASSERT_EQ(status.exit_code, 0) << status.out << status.err;
  std::istringstream lines(status.out);
  std::string line;
  std::getline(lines, line);
  int rows = 0;
  while (std::getline(lines, line)) {
    ++rows;
    std::vector<std::string> fields;
    std::stringstream fieldstream(line);
    for (std::string field; std::getline(fieldstream, field, ',');) fields.push_back(field);
    ASSERT_GE(fields.size(), 9u) << line;
    EXPECT_EQ(fields[8], "0") << "lag: " << line;
  }
  EXPECT_GT(rows, 4) << status.out;
  // The report pages answer on reporting's http port (the proxy's upstream in production).
  absl::StatusOr<int> http = kubelet.ServicePort("reporting", "http");
  ASSERT_TRUE(http.ok()) << http.status();
  EXPECT_EQ(HttpGet(*http, "/healthz", seconds(5)), 200);
  kubelet.Stop();
}

// The dev overlay's probes are all gRPC; production's run tertial-healthcheck (exec, over
// TLS), and an HTTP probe may come. Both kinds, put on the rendered reporting pod, are run
// as the kubelet runs them: the exec probe with the container's environment and its
// arguments rewritten, the HTTP probe on the named port.
TEST(DevOverlayAsWritten, ExecAndHttpProbesRunAsTheKubeletRunsThem) {
  absl::StatusOr<Rendered> rendered = Rendered::Overlay("dev");
  ASSERT_TRUE(rendered.ok()) << rendered.status();
  YAML::Node container =
      (*rendered->Find("StatefulSet", "reporting"))["spec"]["template"]["spec"]["containers"][0];
  container["startupProbe"] = YAML::Load(
      "{exec: {command: [tertial-healthcheck, --addr, '127.0.0.1:50051', --service, "
      "tertial.reporting.v1.ReportService]}, periodSeconds: 1, failureThreshold: 30}");
  container["readinessProbe"] = YAML::Load("{httpGet: {path: /healthz, port: http}}");
  container["livenessProbe"] = YAML::Load("{tcpSocket: {port: metrics}}");
  Kubelet kubelet(*rendered);
  absl::Status up = kubelet.Run();
  ASSERT_TRUE(up.ok()) << up;
  kubelet.Stop();

  // A probe that cannot pass fails the run, naming it: the health of a service the pod
  // does not serve.
  container["startupProbe"] = YAML::Load(
      "{exec: {command: [tertial-healthcheck, --addr, '127.0.0.1:50051', --service, "
      "tertial.no.v1.Such]}, periodSeconds: 1, failureThreshold: 3}");
  Kubelet again(*rendered);
  absl::Status never = again.Run();
  EXPECT_TRUE(absl::IsDeadlineExceeded(never)) << never;
  EXPECT_NE(never.message().find("reporting-0: the startupProbe never passed"), std::string::npos)
      << never;
}

// The rewriting itself: what it refuses is what a pod could not have.
TEST(DevOverlayAsWritten, RefusesWhatAPodCouldNotHave) {
  absl::StatusOr<Rendered> rendered = Rendered::Overlay("dev");
  ASSERT_TRUE(rendered.ok()) << rendered.status();
  Kubelet kubelet(*rendered);
  EXPECT_TRUE(kubelet.Rewrite(nullptr, "no addresses, no paths").ok());
  // A host that is no Service of the namespace.
  EXPECT_FALSE(kubelet.Rewrite(nullptr, "ledgr:50051").ok());
  EXPECT_FALSE(kubelet.Rewrite(nullptr, "ledger.other-namespace.svc:50051").ok());
}

}  // namespace
}  // namespace tertial::deploy
