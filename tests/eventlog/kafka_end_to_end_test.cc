// tertial on Kafka as an operator runs it: tertial-devbroker, tertiald --kafka and clients
// are separate processes; writers and the daemon are SIGKILLed and restarted, and a reader
// in yet another process sees every committed batch once, whole, and nothing else.

#include <fcntl.h>
#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "service_table.h"
#include "tertial/base/strings.h"
#include "tertial/testing/ports.h"
#include "tertial/testing/serving.h"
#include "tertial/testing/temp_dir.h"

extern char** environ;

namespace tertial {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

std::string Binary(std::string_view relative) { return StrCat(TERTIAL_BINARY_DIR, "/", relative); }

// A child process whose stdout we read line by line; stderr goes to the test's log.
class Process {
 public:
  explicit Process(std::vector<std::string> args) {
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    EXPECT_EQ(posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ), 0) << args[0];
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    out_ = fds[0];
  }
  ~Process() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      Wait();
    }
    if (out_ >= 0) close(out_);
  }
  // The next line of stdout; empty at end of output or after `timeout`.
  std::string ReadLine(milliseconds timeout = seconds(20)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      if (size_t nl = buffer_.find('\n'); nl != std::string::npos) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return line;
      }
      auto left =
          std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return "";
      pollfd p{out_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return "";
      char chunk[4096];
      ssize_t n = read(out_, chunk, sizeof(chunk));
      if (n <= 0) return "";
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }
  std::vector<std::string> ReadAllLines() {
    std::vector<std::string> lines;
    for (std::string line = ReadLine(seconds(60)); !line.empty(); line = ReadLine(seconds(60))) {
      lines.push_back(line);
    }
    return lines;
  }
  void Signal(int signal) { kill(pid_, signal); }
  // The exit status as waitpid reports it.
  int Wait() {
    int status = 0;
    if (pid_ > 0) waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  std::string buffer_;
};

using ::tertial::testing::FreePort;

// True when tertiald (or a service) on `port` answers SERVING within `timeout`.
bool Serving(int port, milliseconds timeout) {
  return ::tertial::testing::WaitServing(StrCat("127.0.0.1:", port), timeout);
}

constexpr char kTopic[] = "tertial.e2e.v1";
constexpr int kBatchSize = 20;

std::unique_ptr<Process> StartDaemon(const std::string& bootstrap, const std::string& data_dir,
                                     int port, int metrics_port) {
  return std::make_unique<Process>(std::vector<std::string>{
      Binary("apps/tertiald"), "--kafka", bootstrap, "--data-dir", data_dir, "--listen",
      StrCat("127.0.0.1:", port), "--metrics-listen", StrCat("127.0.0.1:", metrics_port)});
}

// The body of GET /metrics on 127.0.0.1:port.
std::string Scrape(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) {
    std::string request = "GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    (void)!write(fd, request.data(), request.size());
    char buffer[4096];
    for (ssize_t n; (n = read(fd, buffer, sizeof(buffer))) > 0;) response.append(buffer, n);
  }
  close(fd);
  return response;
}

std::unique_ptr<Process> Append(const std::string& bootstrap, std::string_view key, int first,
                                int batches) {
  return std::make_unique<Process>(std::vector<std::string>{
      Binary("tests/eventlog/eventlog_e2e_client"), "append", bootstrap, kTopic, std::string(key),
      StrCat(first), StrCat(batches), StrCat(kBatchSize)});
}

std::set<std::string> Committed(const std::vector<std::string>& lines, std::string_view key) {
  std::set<std::string> batches;
  for (const std::string& line : lines) {
    if (line.rfind("committed ", 0) == 0) batches.insert(StrCat(key, "/b", line.substr(10)));
  }
  return batches;
}

TEST(KafkaEndToEnd, NothingIsLostOrDuplicatedWhenProcessesAreKilled) {
  Process broker({Binary("apps/tertial-devbroker/tertial-devbroker"), "--partitions", "3",
                  "--topics", kTopic});
  const std::string bootstrap = broker.ReadLine();
  ASSERT_FALSE(bootstrap.empty()) << "tertial-devbroker printed no bootstrap address";
  ASSERT_NE(bootstrap.find("127.0.0.1:"), std::string::npos) << bootstrap;

  testing::TempDir data;
  const int port = FreePort();
  const int metrics_port = FreePort();
  auto daemon = StartDaemon(bootstrap, data.path(), port, metrics_port);
  ASSERT_TRUE(Serving(port, seconds(30))) << "tertiald --kafka never became healthy";
  // Operators see the health checks counted.
  std::string metrics = Scrape(metrics_port);
  EXPECT_NE(
      metrics.find("tertial_grpc_server_handled_total{method=\"/grpc.health.v1.Health/Check\","
                   "code=\"OK\"}"),
      std::string::npos)
      << metrics;

  // A writer killed in the middle of its run; tertiald killed meanwhile and restarted.
  std::vector<std::string> first_run;
  {
    auto writer = Append(bootstrap, "0580", 0, 400);
    for (std::string line = writer->ReadLine(); !line.empty(); line = writer->ReadLine()) {
      first_run.push_back(line);
      if (line == "committed 30") break;
    }
    daemon->Signal(SIGKILL);
    daemon->Wait();
    writer->Signal(SIGKILL);
    writer->Wait();
    // What it said before dying (a line may still sit in the pipe).
    for (std::string line = writer->ReadLine(milliseconds(200)); !line.empty();
         line = writer->ReadLine(milliseconds(200))) {
      first_run.push_back(line);
    }
  }
  ASSERT_GE(first_run.size(), 31u);
  daemon = StartDaemon(bootstrap, data.path(), port, metrics_port);
  ASSERT_TRUE(Serving(port, seconds(30))) << "tertiald did not come back after SIGKILL";

  // Two more writers run to the end: one continues 0580, one writes for 1480.
  auto again = Append(bootstrap, "0580", 1000, 40);
  auto other = Append(bootstrap, "1480", 0, 40);
  std::vector<std::string> again_lines = again->ReadAllLines();
  std::vector<std::string> other_lines = other->ReadAllLines();
  EXPECT_EQ(again->Wait(), 0);
  EXPECT_EQ(other->Wait(), 0);
  EXPECT_EQ(again_lines.size(), 40u);
  EXPECT_EQ(other_lines.size(), 40u);

  // A reader in another process.
  Process reader({Binary("tests/eventlog/eventlog_e2e_client"), "read", bootstrap, kTopic});
  std::vector<std::string> ids = reader.ReadAllLines();
  ASSERT_EQ(reader.Wait(), 0);

  // Every batch present is whole, in order and once; none is duplicated.
  std::set<std::string> unique(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), ids.size()) << "duplicated records";
  std::map<std::string, int> records_per_batch;
  std::vector<std::string> batch_order;
  for (size_t i = 0; i < ids.size(); ++i) {
    std::string batch = ids[i].substr(0, ids[i].rfind('/'));
    int index = std::stoi(ids[i].substr(ids[i].rfind('/') + 1));
    EXPECT_EQ(index, records_per_batch[batch]) << ids[i] << " out of order or partial";
    ++records_per_batch[batch];
  }
  for (const auto& [batch, count] : records_per_batch) {
    EXPECT_EQ(count, kBatchSize) << batch << " is not whole";
  }
  // Every batch a writer saw committed is there; of the killed writer's run, at most the
  // one in flight when it died is there beyond what it reported.
  std::set<std::string> expected = Committed(first_run, "0580");
  for (const std::string& b : Committed(again_lines, "0580")) expected.insert(b);
  for (const std::string& b : Committed(other_lines, "1480")) expected.insert(b);
  for (const std::string& batch : expected) {
    EXPECT_EQ(records_per_batch.count(batch), 1u) << batch << " was committed but is missing";
  }
  EXPECT_LE(records_per_batch.size(), expected.size() + 1);
  EXPECT_GE(expected.size(), 31u + 40u + 40u);

  daemon->Signal(SIGTERM);
  EXPECT_EQ(daemon->Wait(), 0) << "tertiald did not stop cleanly on SIGTERM";
  broker.Signal(SIGTERM);
  EXPECT_EQ(broker.Wait(), 0);
}

// The service binaries built so far, each alone against the devbroker: healthy, counting
// gRPC calls, and reporting their projections' lag per topic partition; SIGKILLed and
// restarted, they come back.
TEST(KafkaEndToEnd, ServiceBinariesRunAloneOnTheDevbroker) {
  std::vector<std::string> services;
  for (const std::string& svc : host::ServiceNames()) {
    if (access(Binary(StrCat("services/", svc, "/tertial-", svc)).c_str(), X_OK) == 0) {
      services.push_back(svc);
    }
  }
  if (services.empty()) GTEST_SKIP() << "no service binary is built yet";
  Process broker({Binary("apps/tertial-devbroker/tertial-devbroker"), "--partitions", "2"});
  const std::string bootstrap = broker.ReadLine();
  ASSERT_FALSE(bootstrap.empty());
  testing::TempDir data;
  std::map<std::string, std::pair<int, int>> ports;  // grpc, metrics
  auto start = [&](const std::string& svc) {
    return std::make_unique<Process>(std::vector<std::string>{
        Binary(StrCat("services/", svc, "/tertial-", svc)), "--kafka", bootstrap, "--data-dir",
        StrCat(data.path(), "/", svc), "--listen", StrCat("127.0.0.1:", ports[svc].first),
        "--metrics-listen", StrCat("127.0.0.1:", ports[svc].second)});
  };
  std::map<std::string, std::unique_ptr<Process>> running;
  for (const std::string& svc : services) {
    ports[svc] = {FreePort(), FreePort()};
    running[svc] = start(svc);
  }
  for (const std::string& svc : services) {
    ASSERT_TRUE(Serving(ports[svc].first, seconds(30))) << "tertial-" << svc << " --kafka";
    std::string metrics = Scrape(ports[svc].second);
    EXPECT_NE(
        metrics.find("tertial_grpc_server_handled_total{method=\"/grpc.health.v1.Health/Check\""),
        std::string::npos)
        << svc << ":\n"
        << metrics;
    EXPECT_NE(metrics.find("tertial_projection_lag{"), std::string::npos)
        << "tertial-" << svc << " reports no projection lag:\n"
        << metrics;
    EXPECT_EQ(metrics.find("tertial_projection_lag{projection=\"\""), std::string::npos);
  }
  const std::string& victim = services.front();
  running[victim]->Signal(SIGKILL);
  running[victim]->Wait();
  running[victim] = start(victim);
  EXPECT_TRUE(Serving(ports[victim].first, seconds(30))) << victim << " after SIGKILL";
  for (auto& [svc, process] : running) {
    process->Signal(SIGTERM);
    EXPECT_EQ(process->Wait(), 0) << "tertial-" << svc << " did not stop cleanly";
  }
  broker.Signal(SIGTERM);
  EXPECT_EQ(broker.Wait(), 0);
}

}  // namespace
}  // namespace tertial
