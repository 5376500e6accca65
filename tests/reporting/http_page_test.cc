// The report page for people: a real HTTP server on loopback (civetweb), asked with a
// plain socket. Lists boards and periods, serves the HTML report, and with tokens refuses
// requests without one and another organisation's reports.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "http_page.h"
#include "projection.h"
#include "report_service.h"
#include "testing/sample_events.h"
#include "testing/sample_input.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::reporting {
namespace {

std::string Get(int port, const std::string& path, const std::string& token = "") {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return "connect failed";
  }
  std::string request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";
  if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
  request += "\r\n";
  send(fd, request.data(), request.size(), 0);
  std::string response;
  char buffer[8192];
  ssize_t n;
  while ((n = recv(fd, buffer, sizeof buffer, 0)) > 0) response.append(buffer, static_cast<size_t>(n));
  close(fd);
  return response;
}

class HttpPageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = eventlog::EmbeddedLog::Open(dir_.Sub("log"));
    ASSERT_TRUE(log.ok());
    log_ = std::move(*log);
    ASSERT_TRUE(testing::AppendSampleEvents(*log_, testing::SampleInput()).ok());
    auto db = projection::ProjectionDb::Open(dir_.Sub("projection"));
    ASSERT_TRUE(db.ok());
    db_ = std::move(*db);
    runner_ = std::make_unique<projection::Runner>(log_.get(), db_.get(), &projection_);
    queries_ = std::make_unique<ReportQueries>(log_.get(), db_.get(), runner_.get());
  }
  tertial::testing::TempDir dir_;
  std::unique_ptr<eventlog::EmbeddedLog> log_;
  std::unique_ptr<projection::ProjectionDb> db_;
  ReportingProjection projection_;
  std::unique_ptr<projection::Runner> runner_;
  std::unique_ptr<ReportQueries> queries_;
};

TEST_F(HttpPageTest, ListsReportsAndServesThem) {
  auto page = HttpPage::Start("127.0.0.1:0", queries_.get(), grpcutil::Authorizer::Open());
  ASSERT_TRUE(page.ok()) << page.status();
  int port = (*page)->port();
  ASSERT_GT(port, 0);
  std::string index = Get(port, "/");
  EXPECT_EQ(index.rfind("HTTP/1.1 200", 0), 0u) << index.substr(0, 200);
  EXPECT_NE(index.find("Linköpings kommun – Kommunstyrelsen"), std::string::npos);
  EXPECT_NE(index.find("href=\"/report/0580/KS/2021-08.html\""), std::string::npos);
  std::string html = Get(port, "/report/0580/KS/2021-08.html");
  EXPECT_EQ(html.rfind("HTTP/1.1 200", 0), 0u);
  EXPECT_NE(html.find("Content-Type: text/html"), std::string::npos);
  EXPECT_NE(html.find("id=\"t-operating\""), std::string::npos);
  EXPECT_EQ(Get(port, "/report/0580/XX/2021-08.html").rfind("HTTP/1.1 404", 0), 0u);
  EXPECT_EQ(Get(port, "/report/0580/KS/2021-13.html").rfind("HTTP/1.1 400", 0), 0u);
  EXPECT_NE(Get(port, "/healthz").find("ok"), std::string::npos);
}

TEST_F(HttpPageTest, AMonthWithoutLedgerAmountsIsAConflictNotAServerError) {
  auto page = HttpPage::Start("127.0.0.1:0", queries_.get(), grpcutil::Authorizer::Open());
  ASSERT_TRUE(page.ok()) << page.status();
  std::string answer = Get((*page)->port(), "/report/0580/KS/2021-12.html");
  EXPECT_EQ(answer.rfind("HTTP/1.1 409", 0), 0u) << answer.substr(0, 200);
  EXPECT_NE(answer.find("the ledger has no amounts for"), std::string::npos) << answer;
}

TEST_F(HttpPageTest, WithTokensEachOrganisationSeesOnlyItsOwn) {
  // sha256("secret-0580") and sha256("secret-0581").
  auto auth = grpcutil::Authorizer::FromText(
      "sha256:276dc369fb66011da244d36e7d0ccccdc1989cc900b2dc4d83dd7498d7927e6f anna reader 0580\n"
      "sha256:f3592a97f5cf6a56d03c971c8e3775b0d8520eac2f9fc005d735e1529782da3a other reader 0581\n",
      "tokens");
  ASSERT_TRUE(auth.ok()) << auth.status();
  auto page = HttpPage::Start("127.0.0.1:0", queries_.get(), *auth);
  ASSERT_TRUE(page.ok());
  int port = (*page)->port();
  EXPECT_EQ(Get(port, "/").rfind("HTTP/1.1 401", 0), 0u);
  EXPECT_EQ(Get(port, "/report/0580/KS/2021-08.html", "wrong").rfind("HTTP/1.1 401", 0), 0u);
  EXPECT_EQ(Get(port, "/report/0580/KS/2021-08.html", "secret-0581").rfind("HTTP/1.1 403", 0), 0u);
  std::string other = Get(port, "/", "secret-0581");
  EXPECT_EQ(other.rfind("HTTP/1.1 200", 0), 0u);
  EXPECT_EQ(other.find("/report/0580/"), std::string::npos);
  EXPECT_EQ(Get(port, "/report/0580/KS/2021-08.html", "secret-0580").rfind("HTTP/1.1 200", 0), 0u);
  EXPECT_NE(Get(port, "/", "secret-0580").find("/report/0580/KS/2021-08.html"), std::string::npos);
}

}  // namespace
}  // namespace tertial::reporting
