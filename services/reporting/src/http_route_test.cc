#include "http_route.h"

#include <gtest/gtest.h>

namespace tertial::reporting {
namespace {

TEST(RouteRequest, ReadsAReportPath) {
  HttpRoute route = RouteRequest("GET", "/report/0580/KS/2021-08.xlsx");
  ASSERT_EQ(route.kind, HttpRoute::Kind::kReport) << route.message;
  EXPECT_EQ(route.organisation, "0580");
  EXPECT_EQ(route.board, "KS");
  EXPECT_EQ(route.period, (period::Period{2021, 8}));
  EXPECT_EQ(route.format, "xlsx");
}

TEST(RouteRequest, ReadsACsvTablePath) {
  HttpRoute route = RouteRequest("GET", "/report/0580/KS/2021-08/operating.csv");
  ASSERT_EQ(route.kind, HttpRoute::Kind::kReport) << route.message;
  EXPECT_EQ(route.period, (period::Period{2021, 8}));
  EXPECT_EQ(route.format, "csv");
  EXPECT_EQ(route.table, "operating.csv");
  EXPECT_EQ(RouteRequest("GET", "/report/0580/KS/2021-08/.csv").status, 404);
  EXPECT_EQ(RouteRequest("GET", "/report/0580/KS/2021-13/operating.csv").status, 400);
}

TEST(RouteRequest, IndexAndHealth) {
  EXPECT_EQ(RouteRequest("GET", "/").kind, HttpRoute::Kind::kIndex);
  EXPECT_EQ(RouteRequest("GET", "").kind, HttpRoute::Kind::kIndex);
  EXPECT_EQ(RouteRequest("GET", "/healthz").kind, HttpRoute::Kind::kHealth);
}

TEST(RouteRequest, OnlyGet) {
  HttpRoute route = RouteRequest("POST", "/healthz");
  EXPECT_EQ(route.kind, HttpRoute::Kind::kError);
  EXPECT_EQ(route.status, 405);
}

TEST(RouteRequest, AWrongShapeIsNotFound) {
  for (const char* path : {"/x", "/report/0580/KS", "/report/0580/KS/2021-08",
                           "/report/a/b/c/d.html", "/reportx/0580/KS/2021-08.html"}) {
    HttpRoute route = RouteRequest("GET", path);
    EXPECT_EQ(route.kind, HttpRoute::Kind::kError) << path;
    EXPECT_EQ(route.status, 404) << path;
    EXPECT_FALSE(route.report_path) << path;
  }
}

TEST(RouteRequest, ABadPeriodOrFormatIsABadRequestThatStillNamesTheOrganisation) {
  for (const char* path : {"/report/0580/KS/2021-13.html", "/report/0580/KS/2021-08.csv",
                           "/report/0580/KS/2021-08.exe", "/report/0580/KS/.html"}) {
    HttpRoute route = RouteRequest("GET", path);
    EXPECT_EQ(route.kind, HttpRoute::Kind::kError) << path;
    EXPECT_EQ(route.status, 400) << path;
    EXPECT_TRUE(route.report_path) << path;
    EXPECT_EQ(route.organisation, "0580") << path;
  }
}

TEST(BearerToken, OnlyTheBearerScheme) {
  EXPECT_EQ(BearerToken("Bearer abc"), "abc");
  EXPECT_EQ(BearerToken("Bearer "), "");
  EXPECT_EQ(BearerToken("Basic abc"), std::nullopt);
  EXPECT_EQ(BearerToken(""), std::nullopt);
}

}  // namespace
}  // namespace tertial::reporting
