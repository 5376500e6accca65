// The report page for people: a real HTTP server on loopback (civetweb), asked with a
// plain socket. Lists boards and periods, serves the HTML report, and with tokens refuses
// requests without one and another organisation's reports.

#include "http_page.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <vector>

#include "grpc_service.h"
#include "projection.h"
#include "render/readback.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/testing/temp_dir.h"
#include "testing/sample_events.h"
#include "testing/sample_input.h"

namespace tertial::reporting {
namespace {

// A connected socket to the page, or -1. Reads on it give up after 30 s, so that a page
// that never answers fails the test instead of hanging it.
int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  timeval limit{.tv_sec = 30, .tv_usec = 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

std::string Get(int port, const std::string& path, const std::string& token = "") {
  int fd = Connect(port);
  if (fd < 0) return "connect failed";
  std::string request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";
  if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
  request += "\r\n";
  send(fd, request.data(), request.size(), 0);
  std::string response;
  char buffer[8192];
  ssize_t n;
  while ((n = recv(fd, buffer, sizeof buffer, 0)) > 0)
    response.append(buffer, static_cast<size_t>(n));
  close(fd);
  return response;
}

// The body of an answer whose Content-Length matches it; "" (and a test failure) otherwise.
std::string Body(const std::string& response) {
  size_t end = response.find("\r\n\r\n");
  size_t length = response.find("Content-Length: ");
  if (end == std::string::npos || length == std::string::npos || length > end) {
    ADD_FAILURE() << "not an HTTP answer with a length: " << response.substr(0, 200);
    return "";
  }
  std::string body = response.substr(end + 4);
  EXPECT_EQ(std::stoul(response.substr(length + 16)), body.size());
  return body;
}

int Shell(const std::string& command) {
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
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

// A reader's token (sha256("secret-0580")).
constexpr const char* kReaderTokens =
    "sha256:276dc369fb66011da244d36e7d0ccccdc1989cc900b2dc4d83dd7498d7927e6f anna reader 0580\n";

// Every format the page offers, over HTTP, with a reader's token. An .xlsx used to be
// rendered on a civetweb worker thread (a 100 KiB stack), overflowed it in libxlsxwriter's
// zip writer and killed the process.
TEST_F(HttpPageTest, ServesEveryFormatToAReader) {
  auto auth = grpcutil::Authorizer::FromText(kReaderTokens, "tokens");
  ASSERT_TRUE(auth.ok()) << auth.status();
  auto page = HttpPage::Start("127.0.0.1:0", queries_.get(), *auth);
  ASSERT_TRUE(page.ok()) << page.status();
  int port = (*page)->port();
  const std::string base = "/report/0580/KS/2021-08";

  std::string xlsx = Get(port, base + ".xlsx", "secret-0580");
  ASSERT_EQ(xlsx.rfind("HTTP/1.1 200", 0), 0u) << xlsx.substr(0, 300);
  EXPECT_NE(
      xlsx.find("Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
      std::string::npos);
  EXPECT_NE(xlsx.find("filename=\"delarsrapport-0580-KS-2021-08.xlsx\""), std::string::npos);
  std::string path = dir_.Sub("report.xlsx");
  {
    std::ofstream out(path, std::ios::binary);
    std::string body = Body(xlsx);
    out.write(body.data(), static_cast<std::streamsize>(body.size()));
  }
  // A whole zip (every member's CRC checks) with the workbook and its sheets.
  EXPECT_EQ(Shell("unzip -tqq " + path), 0) << "not a valid zip";
  EXPECT_EQ(Shell("unzip -p " + path + " xl/workbook.xml | grep -q '<sheet '"), 0);

  std::string html = Get(port, base + ".html", "secret-0580");
  ASSERT_EQ(html.rfind("HTTP/1.1 200", 0), 0u) << html.substr(0, 300);
  EXPECT_NE(html.find("Content-Type: text/html; charset=utf-8"), std::string::npos);
  EXPECT_NE(Body(html).find("id=\"t-operating\""), std::string::npos);

  std::string md = Get(port, base + ".md", "secret-0580");
  ASSERT_EQ(md.rfind("HTTP/1.1 200", 0), 0u) << md.substr(0, 300);
  EXPECT_NE(md.find("Content-Type: text/markdown; charset=utf-8"), std::string::npos);
  EXPECT_NE(Body(md).find("\n|"), std::string::npos) << "no Markdown table";

  // The JSON model and a table's CSV read back as reports (render/readback.h).
  std::string json = Get(port, base + ".json", "secret-0580");
  ASSERT_EQ(json.rfind("HTTP/1.1 200", 0), 0u) << json.substr(0, 300);
  EXPECT_NE(json.find("Content-Type: application/json"), std::string::npos);
  auto model = ParseReportJson(Body(json), "report.json");
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->board_id, "KS");

  std::string csv = Get(port, base + "/operating.csv", "secret-0580");
  ASSERT_EQ(csv.rfind("HTTP/1.1 200", 0), 0u) << csv.substr(0, 300);
  EXPECT_NE(csv.find("Content-Type: text/csv; charset=utf-8"), std::string::npos);
  EXPECT_NE(csv.find("filename=\"operating.csv\""), std::string::npos);
  auto tables = ParseReportCsv({{"operating.csv", Body(csv)}});
  ASSERT_TRUE(tables.ok()) << tables.status();
  EXPECT_FALSE(tables->sections.empty());

  EXPECT_EQ(Get(port, base + "/nosuchtable.csv", "secret-0580").rfind("HTTP/1.1 404", 0), 0u);
  EXPECT_EQ(Get(port, base + ".csv", "secret-0580").rfind("HTTP/1.1 400", 0), 0u);
  EXPECT_EQ(Get(port, base + ".xlsx").rfind("HTTP/1.1 401", 0), 0u);
  // Still serving after all of it.
  EXPECT_NE(Get(port, "/healthz").find("ok"), std::string::npos);
}

long long SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start)
      .count();
}

// Idle connections, more than the four threads the page once had: with its default
// settings a page still answers at once (they used to hold every thread for civetweb's
// 30 s), and with fewer threads than idle clients it answers once the request timeout has
// closed them.
TEST_F(HttpPageTest, IdleConnectionsNeitherBlockThePageNorStayOpen) {
  {
    auto page = HttpPage::Start("127.0.0.1:0", queries_.get(), grpcutil::Authorizer::Open());
    ASSERT_TRUE(page.ok()) << page.status();
    std::vector<int> idle;
    for (int i = 0; i < 8; ++i) idle.push_back(Connect((*page)->port()));
    auto start = std::chrono::steady_clock::now();
    std::string index = Get((*page)->port(), "/");
    EXPECT_EQ(index.rfind("HTTP/1.1 200", 0), 0u) << index.substr(0, 200);
    EXPECT_LT(SecondsSince(start), 5) << "8 idle connections held the page";
    for (int fd : idle) close(fd);
  }
  auto page = HttpPage::Start("127.0.0.1:0", queries_.get(), grpcutil::Authorizer::Open(),
                              {.threads = 2, .request_timeout_ms = 500});
  ASSERT_TRUE(page.ok()) << page.status();
  std::vector<int> idle;
  for (int i = 0; i < 6; ++i) {
    idle.push_back(Connect((*page)->port()));
    ASSERT_GE(idle.back(), 0);
  }
  auto start = std::chrono::steady_clock::now();
  std::string index = Get((*page)->port(), "/");
  EXPECT_EQ(index.rfind("HTTP/1.1 200", 0), 0u) << index.substr(0, 200);
  // Three rounds of two idle connections, 0.5 s each, then this request.
  EXPECT_LT(SecondsSince(start), 8) << "idle connections held the page";
  // Each idle connection has been closed by the server (end of stream, or a reset), not
  // left open until the client goes.
  for (int fd : idle) {
    pollfd p{.fd = fd, .events = POLLIN};
    EXPECT_EQ(poll(&p, 1, 5000), 1) << "an idle connection is still open";
    char byte;
    EXPECT_LE(recv(fd, &byte, 1, 0), 0);
    close(fd);
  }
}

TEST_F(HttpPageTest, RefusesSettingsOutOfRange) {
  auto none =
      HttpPage::Start("127.0.0.1:0", queries_.get(), grpcutil::Authorizer::Open(), {.threads = 0});
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("--reporting-http-threads"), std::string::npos)
      << none.status();
  auto instant = HttpPage::Start("127.0.0.1:0", queries_.get(), grpcutil::Authorizer::Open(),
                                 {.request_timeout_ms = 0});
  ASSERT_FALSE(instant.ok());
  EXPECT_NE(instant.status().message().find("--reporting-http-timeout-ms"), std::string::npos);
}

}  // namespace
}  // namespace tertial::reporting
