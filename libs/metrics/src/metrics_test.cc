// What an operator scrapes: the text format, the HTTP endpoint, gRPC calls by method and
// code, appended events per topic and projection lag per topic partition.

#include <arpa/inet.h>
#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <optional>

#include "grpc/health/v1/health.grpc.pb.h"
#include "tertial/base/build_info.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/eventlog/kafka_log.h"
#include "tertial/eventlog/kafka_mock_cluster.h"
#include "tertial/grpcutil/server.h"
#include "tertial/log/log.h"
#include "tertial/metrics/http_server.h"
#include "tertial/metrics/metered_log.h"
#include "tertial/metrics/process_metrics.h"
#include "tertial/metrics/registry.h"
#include "tertial/metrics/storage_metrics.h"
#include "tertial/projection/runner.h"
#include "tertial/storage/rocks.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::metrics {
namespace {

// GET path from 127.0.0.1:port; the whole response, headers included.
std::string HttpGet(int port, std::string_view path) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    return "";
  }
  std::string request =
      StrCat("GET ", path, " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  (void)!write(fd, request.data(), request.size());
  std::string response;
  char buffer[4096];
  for (ssize_t n; (n = read(fd, buffer, sizeof(buffer))) > 0;) response.append(buffer, n);
  close(fd);
  return response;
}

TEST(Registry, RendersCountersAndGaugesInTheTextFormat) {
  Registry r;
  r.Define("jobs_total", Registry::Type::kCounter, "Jobs done");
  r.Increment("jobs_total", {{"kind", "import"}});
  r.Increment("jobs_total", {{"kind", "import"}}, 2);
  r.Increment("jobs_total", {{"kind", "say \"hi\"\\\n"}});
  r.Define("depth", Registry::Type::kGauge, "Queue depth");
  r.Set("depth", {}, 7.5);
  EXPECT_EQ(r.Render(),
            "# HELP depth Queue depth\n"
            "# TYPE depth gauge\n"
            "depth 7.5\n"
            "# HELP jobs_total Jobs done\n"
            "# TYPE jobs_total counter\n"
            "jobs_total{kind=\"import\"} 3\n"
            "jobs_total{kind=\"say \\\"hi\\\"\\\\\\n\"} 1\n");
}

TEST(Registry, RendersHistogramsWithCumulativeBuckets) {
  Registry r;
  r.DefineHistogram("call_seconds", "Call time", {0.01, 0.1, 1});
  r.Observe("call_seconds", {{"method", "/a"}}, 0.0078125);
  r.Observe("call_seconds", {{"method", "/a"}}, 0.0625);
  r.Observe("call_seconds", {{"method", "/a"}}, 0.0625);
  r.Observe("call_seconds", {{"method", "/a"}}, 7);
  r.Observe("call_seconds", {}, 0.1);
  EXPECT_EQ(r.Render(),
            "# HELP call_seconds Call time\n"
            "# TYPE call_seconds histogram\n"
            "call_seconds_bucket{le=\"0.01\"} 0\n"
            "call_seconds_bucket{le=\"0.1\"} 1\n"
            "call_seconds_bucket{le=\"1\"} 1\n"
            "call_seconds_bucket{le=\"+Inf\"} 1\n"
            "call_seconds_sum 0.1\n"
            "call_seconds_count 1\n"
            "call_seconds_bucket{method=\"/a\",le=\"0.01\"} 1\n"
            "call_seconds_bucket{method=\"/a\",le=\"0.1\"} 3\n"
            "call_seconds_bucket{method=\"/a\",le=\"1\"} 3\n"
            "call_seconds_bucket{method=\"/a\",le=\"+Inf\"} 4\n"
            "call_seconds_sum{method=\"/a\"} 7.1328125\n"
            "call_seconds_count{method=\"/a\"} 4\n");
}

// A sample line "name{labels} value" of `text`, or nullopt.
std::optional<double> Sample(const std::string& text, std::string_view series) {
  std::string prefix = StrCat("\n", series, " ");
  size_t at = text.find(prefix);
  if (at == std::string::npos) return std::nullopt;
  return std::strtod(text.c_str() + at + prefix.size(), nullptr);
}

TEST(ProcessMetrics, ReportTheProcessAndTheBuild) {
  Registry r;
  CollectProcess(&r);
  CollectProcess(&r);  // once per registry
  std::string before = r.Render();
  // Burn some CPU and open a file: both show at the next scrape.
  volatile double x = 0;
  for (int i = 0; i < 30'000'000; ++i) x = x + i * 0.5;
  std::FILE* file = std::fopen("/proc/self/stat", "r");
  std::string text = r.Render();
  std::fclose(file);
  EXPECT_EQ(text.find("# TYPE process_cpu_seconds_total counter"),
            text.rfind("# TYPE process_cpu"));
  ASSERT_TRUE(Sample(text, "process_cpu_seconds_total").has_value()) << text;
  EXPECT_GT(*Sample(text, "process_cpu_seconds_total"),
            *Sample(before, "process_cpu_seconds_total"));
  ASSERT_TRUE(Sample(text, "process_resident_memory_bytes").has_value());
  EXPECT_GT(*Sample(text, "process_resident_memory_bytes"), 1 << 20);
  EXPECT_GT(*Sample(text, "process_virtual_memory_bytes"),
            *Sample(text, "process_resident_memory_bytes"));
  EXPECT_GE(*Sample(text, "process_open_fds"), *Sample(before, "process_open_fds") + 1);
  EXPECT_GT(*Sample(text, "process_max_fds"), 0);
  EXPECT_GE(*Sample(text, "process_threads"), 1);
  // Started within the last hour, not at the epoch nor in the future.
  double start = *Sample(text, "process_start_time_seconds");
  double now = static_cast<double>(std::time(nullptr));
  EXPECT_LE(start, now + 1);
  EXPECT_GT(start, now - 3600);
  std::string build = StrCat("tertial_build_info{version=\"", BuildVersion(), "\",git_commit=\"",
                             BuildGitCommit(), "\"} 1\n");
  EXPECT_NE(text.find(build), std::string::npos) << text;
  EXPECT_FALSE(BuildVersion().empty());
  EXPECT_FALSE(BuildGitCommit().empty());
}

TEST(StorageMetrics, ReportEachDatabaseAndTheSharedBudget) {
  Registry r;
  CollectStorage(&r);
  tertial::testing::TempDir dir;
  auto log = eventlog::EmbeddedLog::Open(dir.path() + "/log", {.sync_commits = false});
  ASSERT_TRUE(log.ok());
  std::vector<eventlog::Envelope> events(100);
  for (int i = 0; i < 100; ++i) events[i].set_event_id(StrCat("e", i));
  ASSERT_TRUE((*log)->Append("tertial.metrics.v1", "0580", events).ok());
  std::string text = r.Render();
  std::string labels = StrCat("{database=\"", dir.path(), "/log\"}");
  ASSERT_TRUE(Sample(text, StrCat("tertial_rocksdb_memtable_bytes", labels)).has_value()) << text;
  EXPECT_GT(*Sample(text, StrCat("tertial_rocksdb_memtable_bytes", labels)), 0);
  EXPECT_TRUE(Sample(text, StrCat("tertial_rocksdb_sst_bytes", labels)).has_value());
  EXPECT_EQ(*Sample(text, "tertial_rocksdb_memory_budget_bytes"),
            static_cast<double>(storage::ProcessBudget()->bytes()));
  EXPECT_GT(*Sample(text, "tertial_rocksdb_block_cache_usage_bytes"), 0);
  log->reset();
  EXPECT_EQ(r.Render().find(labels), std::string::npos);  // closed: gone
}

TEST(StorageMetrics, ReportTheKafkaProducerQueue) {
  auto cluster = eventlog::KafkaMockCluster::Start(1);
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  ASSERT_TRUE((*cluster)->CreateTopic("tertial.metrics.v1", 1, 1).ok());
  auto log = eventlog::KafkaLog::Open({.bootstrap_servers = (*cluster)->bootstrap()});
  ASSERT_TRUE(log.ok()) << log.status();
  Registry r;
  CollectStorage(&r);
  std::string series =
      StrCat("tertial_kafka_producer_queue_messages{client=\"", (*log)->ClientName(), "\"}");
  std::string text = r.Render();
  ASSERT_TRUE(Sample(text, series).has_value()) << text;
  EXPECT_EQ(*Sample(text, series), 0);
  log->reset();
  EXPECT_EQ(r.Render().find(series), std::string::npos);
}

TEST(ImportMetrics, CountImportsByServiceFormatAndResult) {
  CountImport("ledger", ImportFormatLabel("IMPORT_FORMAT_BUDGET_CSV"), "committed", 1200);
  CountImport("ledger", ImportFormatLabel("IMPORT_FORMAT_BUDGET_CSV"), "rejected", 99);
  CountImport("ledger", ImportFormatLabel(""), "error");
  EXPECT_EQ(ImportFormatLabel("IMPORT_FORMAT_UNSPECIFIED"), "unknown");
  // A value with a fraction keeps all of it (a start time in seconds).
  Registry r;
  r.Define("start", Registry::Type::kGauge, "s");
  r.Set("start", {}, 1796650312.25);
  EXPECT_NE(r.Render().find("start 1796650312.25\n"), std::string::npos) << r.Render();
  std::string text = Default().Render();
  EXPECT_NE(text.find("tertial_imports_total{service=\"ledger\",format=\"budget_csv\","
                      "result=\"committed\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("tertial_imports_total{service=\"ledger\",format=\"unknown\","
                      "result=\"error\"} 1"),
            std::string::npos);
  // Only committed bytes count.
  EXPECT_NE(text.find("tertial_imported_bytes_total{service=\"ledger\",format=\"budget_csv\"} "
                      "1200\n"),
            std::string::npos)
      << text;
}

TEST(Registry, CollectedGaugesAreFreshAtEveryScrape) {
  Registry r;
  r.Define("lag", Registry::Type::kGauge, "Lag", /*collected=*/true);
  int scrapes = 0;
  r.AddCollector([&](Registry& registry) {
    ++scrapes;
    if (scrapes == 1) registry.Set("lag", {{"p", "0"}}, 4);
  });
  EXPECT_NE(r.Render().find("lag{p=\"0\"} 4"), std::string::npos);
  EXPECT_EQ(r.Render().find("lag{p=\"0\"}"), std::string::npos);  // gone once not reported
}

TEST(HttpServer, ServesTheRegistryOnGetMetrics) {
  Registry r;
  r.Define("up", Registry::Type::kGauge, "Up");
  r.Set("up", {}, 1);
  auto server = HttpServer::Start("127.0.0.1:0", &r);
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_GT((*server)->port(), 0);
  std::string response = HttpGet((*server)->port(), "/metrics");
  EXPECT_NE(response.find("200 OK"), std::string::npos) << response;
  EXPECT_NE(response.find("text/plain; version=0.0.4"), std::string::npos) << response;
  EXPECT_NE(response.find("\r\n\r\n# HELP up Up\n# TYPE up gauge\nup 1\n"), std::string::npos)
      << response;
  EXPECT_EQ(HttpGet((*server)->port(), "/other").find("200 OK"), std::string::npos);
}

// civetweb's own messages (here: the port is taken) go through the process's log.
TEST(HttpServer, CivetwebMessagesGoThroughTheLogger) {
  Registry r;
  auto first = HttpServer::Start("127.0.0.1:0", &r);
  ASSERT_TRUE(first.ok()) << first.status();
  std::vector<std::string> lines;
  log::Configure({.service = "metrics-test",
                  .sink = [&](std::string_view line) { lines.emplace_back(line); }});
  EXPECT_FALSE(HttpServer::Start(StrCat("127.0.0.1:", (*first)->port()), &r).ok());
  log::Configure({});
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines[0].find("\"source\":\"civetweb\""), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"level\":\"warning\""), std::string::npos) << lines[0];
}

TEST(HttpServer, RejectsAnAddressWithoutPort) {
  Registry r;
  EXPECT_FALSE(HttpServer::Start("localhost", &r).ok());
}

TEST(GrpcMetrics, CountsCallsByMethodAndCode) {
  auto server = grpcutil::Server::Start({.listen = "127.0.0.1:0"}, {});
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = grpc::health::v1::Health::NewStub(grpc::CreateChannel(
      StrCat("127.0.0.1:", (*server)->port()), grpc::InsecureChannelCredentials()));
  for (std::string service : {"", "", "no.such.Service"}) {
    grpc::ClientContext context;
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    (void)stub->Check(&context, request, &response);
  }
  std::string text = Default().Render();
  EXPECT_NE(text.find("tertial_grpc_server_handled_total{method=\"/grpc.health.v1.Health/Check\","
                      "code=\"OK\"} 2"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("tertial_grpc_server_handling_seconds_count{method=\"/grpc.health.v1.Health/"
                      "Check\",code=\"OK\"} 2"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("tertial_grpc_server_handling_seconds_bucket{method=\"/grpc.health.v1.Health/"
                      "Check\",code=\"NOT_FOUND\",le=\"+Inf\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("tertial_grpc_server_handled_total{method=\"/grpc.health.v1.Health/Check\","
                      "code=\"NOT_FOUND\"} 1"),
            std::string::npos)
      << text;
}

class CountingProjection final : public projection::Projection {
 public:
  std::vector<std::string> Topics() const override { return {"tertial.metrics.v1"}; }
  absl::Status Apply(std::string_view, const eventlog::Record& record, const eventlog::Envelope&,
                     projection::Store& store) override {
    store.Put(StrCat("seen/", record.offset), "1");
    return absl::OkStatus();
  }
};

TEST(EventLogMetrics, CountAppendedEventsAndReportProjectionLag) {
  Registry registry;
  registry.Define("tertial_projection_lag", Registry::Type::kGauge, "lag", /*collected=*/true);
  CollectProjectionLag(&registry);
  tertial::testing::TempDir dir;
  auto embedded = eventlog::EmbeddedLog::Open(dir.path() + "/log", {.sync_commits = false});
  ASSERT_TRUE(embedded.ok());
  std::unique_ptr<eventlog::EventLog> log = Metered(std::move(*embedded), &registry);
  std::vector<eventlog::Envelope> events(10);
  for (int i = 0; i < 10; ++i) events[i].set_event_id(StrCat("e", i));
  ASSERT_TRUE(log->Append("tertial.metrics.v1", "0580", events).ok());
  ASSERT_TRUE(log->Append("tertial.metrics.v1", "0580", {events[0]}).ok());

  auto db = projection::ProjectionDb::Open(dir.path() + "/projection");
  ASSERT_TRUE(db.ok());
  CountingProjection counting;
  projection::Runner runner(log.get(), db->get(), &counting,
                            {.records_per_step = 4, .name = "counting"});
  ASSERT_EQ(*runner.Step(), 4u);
  std::string text = registry.Render();
  EXPECT_NE(text.find("tertial_eventlog_appended_events_total{topic=\"tertial.metrics.v1\"} 11"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("tertial_eventlog_committed_batches_total{topic=\"tertial.metrics.v1\"} 2"),
            std::string::npos);
  EXPECT_NE(text.find("tertial_eventlog_read_events_total{topic=\"tertial.metrics.v1\"} 4"),
            std::string::npos);
  EXPECT_NE(text.find("tertial_projection_lag{projection=\"counting\",topic=\"tertial.metrics.v1\","
                      "partition=\"0\"} 7"),
            std::string::npos)
      << text;
  ASSERT_TRUE(runner.CatchUp().ok());
  text = registry.Render();
  EXPECT_NE(text.find("tertial_projection_lag{projection=\"counting\",topic=\"tertial.metrics.v1\","
                      "partition=\"0\"} 0"),
            std::string::npos)
      << text;
}

TEST(EventLogMetrics, RunnerWithoutNameIsNamedByItsType) {
  tertial::testing::TempDir dir;
  auto log = eventlog::EmbeddedLog::Open(dir.path() + "/log");
  auto db = projection::ProjectionDb::Open(dir.path() + "/projection");
  CountingProjection counting;
  projection::Runner runner(log->get(), db->get(), &counting);
  EXPECT_NE(runner.name().find("CountingProjection"), std::string::npos) << runner.name();
}

}  // namespace
}  // namespace tertial::metrics
