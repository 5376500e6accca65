#include "web_route.h"

#include <gtest/gtest.h>

namespace tertial::web {
namespace {

using Kind = WebRoute::Kind;

TEST(WebRouteTest, ReadsPagesAndFiles) {
  EXPECT_EQ(RouteRequest("GET", "/").kind, Kind::kStart);
  EXPECT_EQ(RouteRequest("GET", "/login").kind, Kind::kLoginForm);
  EXPECT_EQ(RouteRequest("POST", "/login").kind, Kind::kLogin);
  EXPECT_EQ(RouteRequest("POST", "/logout").kind, Kind::kLogout);
  WebRoute page = RouteRequest("GET", "/report/0580/KS/2021-08");
  EXPECT_EQ(page.kind, Kind::kReportPage);
  EXPECT_EQ(page.organisation, "0580");
  EXPECT_EQ(page.board, "KS");
  EXPECT_EQ(page.period, (period::Period{2021, 8}));
  WebRoute xlsx = RouteRequest("GET", "/report/0580/KS/2021-08.xlsx");
  EXPECT_EQ(xlsx.kind, Kind::kReportFile);
  EXPECT_EQ(xlsx.format, "xlsx");
  WebRoute csv = RouteRequest("GET", "/report/0580/KS/2021-08/operating.csv");
  EXPECT_EQ(csv.kind, Kind::kReportFile);
  EXPECT_EQ(csv.format, "csv");
  EXPECT_EQ(csv.table, "operating.csv");
  WebRoute unit = RouteRequest("GET", "/unit/0580/EKS/2021-08");
  EXPECT_EQ(unit.kind, Kind::kUnitPage);
  EXPECT_EQ(unit.board, "EKS");
  EXPECT_TRUE(unit.page());
  EXPECT_EQ(RouteRequest("GET", "/unit/0580/EKS").status, 404);
  WebRoute goals = RouteRequest("GET", "/goals/0580/KS/2021-08");
  EXPECT_EQ(goals.kind, Kind::kGoalsPage);
  EXPECT_TRUE(goals.page());
  EXPECT_EQ(RouteRequest("POST", "/goals/0580/KS/2021-08").status, 405);
  WebRoute api = RouteRequest("GET", "/api/v1/reporting/ListReports");
  EXPECT_EQ(api.kind, Kind::kApi);
  EXPECT_EQ(api.service, "reporting");
  EXPECT_EQ(api.method, "ListReports");
}

TEST(WebRouteTest, RefusesWrongMethodsAndShapes) {
  EXPECT_EQ(RouteRequest("POST", "/").status, 405);
  EXPECT_EQ(RouteRequest("GET", "/logout").status, 405);
  EXPECT_EQ(RouteRequest("POST", "/api/v1/reporting/ListReports").status, 405);
  EXPECT_EQ(RouteRequest("GET", "/report/0580/KS/2021-13").status, 400);
  EXPECT_EQ(RouteRequest("GET", "/report/0580/KS/2021-08.exe").status, 404);
  EXPECT_EQ(RouteRequest("GET", "/report/../KS/2021-08").status, 404);
  EXPECT_EQ(RouteRequest("GET", "/report/0580/KS/2021-08/../x.csv").status, 404);
  EXPECT_EQ(RouteRequest("GET", "/nowhere").status, 404);
}

TEST(WebRouteTest, PagesAndApiNeedAuthButSignInDoesNot) {
  EXPECT_TRUE(RouteRequest("GET", "/").needs_auth());
  EXPECT_TRUE(RouteRequest("GET", "/").page());
  EXPECT_TRUE(RouteRequest("GET", "/api/v1/goals/ListPlans").needs_auth());
  EXPECT_FALSE(RouteRequest("GET", "/api/v1/goals/ListPlans").page());
  EXPECT_TRUE(RouteRequest("GET", "/report/0580/KS/2021-08.json").needs_auth());
  EXPECT_FALSE(RouteRequest("GET", "/login").needs_auth());
  EXPECT_FALSE(RouteRequest("POST", "/login").needs_auth());
  EXPECT_FALSE(RouteRequest("GET", "/healthz").needs_auth());
}

}  // namespace
}  // namespace tertial::web
