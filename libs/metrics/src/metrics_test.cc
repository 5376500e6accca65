// What an operator scrapes: the text format, the HTTP endpoint, gRPC calls by method and
// code, appended events per topic and projection lag per topic partition.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>

#include "grpc/health/v1/health.grpc.pb.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/grpcutil/server.h"
#include "tertial/metrics/http_server.h"
#include "tertial/metrics/metered_log.h"
#include "tertial/metrics/registry.h"
#include "tertial/projection/runner.h"
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
  std::string request = StrCat("GET ", path, " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
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
