// The web app's sign-in, sessions, CSRF and refusals, without a service behind it: none of
// these requests may reach one (the backend's channel leads nowhere).

#include "web_app.h"

#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>

#include "pages.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"

namespace tertial::web {
namespace {

class WebAppTest : public ::testing::Test {
 protected:
  WebAppTest()
      : backend_({{"reporting",
                   grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials())}}),
        app_(&backend_,
             *grpcutil::Authorizer::FromText(
                 StrCat("sha256:", Sha256Hex("anna-token"), " anna controller 0580\n"), "tokens"),
             {}) {}

  static std::string Header(const HttpResponse& r, std::string_view name) {
    std::string all;
    for (const auto& [k, v] : r.headers) {
      if (k == name) all += v + "\n";
    }
    return all;
  }
  // The login form's CSRF token and cookie.
  std::pair<std::string, std::string> LoginForm() {
    HttpResponse form = app_.Handle({.method = "GET", .path = "/login"});
    std::string cookie = Header(form, "Set-Cookie");
    std::string value = CookieValue(cookie.substr(0, cookie.find(';')), "tertial_login");
    return {value, StrCat("tertial_login=", value)};
  }
  // Signs in; returns the Cookie header of the session ("" if refused).
  std::string SignIn(std::string_view token) {
    auto [csrf, cookie] = LoginForm();
    HttpResponse r = app_.Handle({.method = "POST",
                                  .path = "/login",
                                  .cookie = cookie,
                                  .body = StrCat("csrf=", csrf, "&token=", token)});
    if (r.status != 303) return "";
    std::string set = Header(r, "Set-Cookie");
    return set.substr(0, set.find(';'));
  }

  Backend backend_;
  WebApp app_;
};

TEST_F(WebAppTest, PagesWithoutASessionGoToTheLoginPage) {
  HttpResponse r = app_.Handle({.method = "GET", .path = "/"});
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Header(r, "Location"), "/login\n");
  EXPECT_EQ(app_.Handle({.method = "GET", .path = "/report/0580/KS/2021-08"}).status, 303);
}

TEST_F(WebAppTest, ApiAndFilesWithoutSessionOrTokenAre401) {
  HttpResponse api = app_.Handle({.method = "GET", .path = "/api/v1/reporting/ListReports"});
  EXPECT_EQ(api.status, 401);
  EXPECT_EQ(Header(api, "WWW-Authenticate"), "Bearer\n");
  EXPECT_EQ(app_.Handle({.method = "GET",
                         .path = "/report/0580/KS/2021-08.json",
                         .authorization = "Bearer wrong"})
                .status,
            401);
}

TEST_F(WebAppTest, SignInGivesAnHttpOnlyStrictCookieAndSignOutEndsIt) {
  auto [csrf, login_cookie] = LoginForm();
  HttpResponse r = app_.Handle({.method = "POST",
                                .path = "/login",
                                .cookie = login_cookie,
                                .body = StrCat("csrf=", csrf, "&token=anna-token")});
  ASSERT_EQ(r.status, 303);
  std::string set = Header(r, "Set-Cookie");
  EXPECT_NE(set.find("tertial_session="), std::string::npos);
  EXPECT_NE(set.find("HttpOnly; SameSite=Strict"), std::string::npos);
  EXPECT_EQ(set.find("Secure"), std::string::npos);  // plain HTTP, not told otherwise
  EXPECT_EQ(set.find("anna-token"), std::string::npos);
  const std::string session = set.substr(0, set.find(';'));
  EXPECT_EQ(app_.sessions().size(), 1u);

  // Signing out needs the session's CSRF token.
  EXPECT_EQ(
      app_.Handle({.method = "POST", .path = "/logout", .cookie = session, .body = "csrf=forged"})
          .status,
      403);
  EXPECT_EQ(app_.sessions().size(), 1u);
  std::string id = CookieValue(session, "tertial_session");
  std::optional<Session> s = app_.sessions().Find(id);
  ASSERT_TRUE(s.has_value());
  HttpResponse out = app_.Handle(
      {.method = "POST", .path = "/logout", .cookie = session, .body = StrCat("csrf=", s->csrf)});
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(app_.sessions().size(), 0u);
  EXPECT_EQ(app_.Handle({.method = "GET", .path = "/", .cookie = session}).status, 303);
}

TEST_F(WebAppTest, SigningInAgainGivesANewIdAndEndsTheOldSession) {
  std::string first = SignIn("anna-token");
  ASSERT_NE(first, "");
  auto [csrf, login_cookie] = LoginForm();
  HttpResponse r = app_.Handle({.method = "POST",
                                .path = "/login",
                                .cookie = StrCat(login_cookie, "; ", first),
                                .body = StrCat("csrf=", csrf, "&token=anna-token")});
  ASSERT_EQ(r.status, 303);
  std::string second = Header(r, "Set-Cookie");
  second = second.substr(0, second.find(';'));
  EXPECT_NE(second, first);
  EXPECT_EQ(app_.sessions().size(), 1u);
  EXPECT_FALSE(app_.sessions().Find(CookieValue(first, "tertial_session")).has_value());
}

TEST_F(WebAppTest, SecureCookiesOverTls) {
  auto [csrf, cookie] = LoginForm();
  HttpResponse r = app_.Handle({.method = "POST",
                                .path = "/login",
                                .cookie = cookie,
                                .body = StrCat("csrf=", csrf, "&token=anna-token"),
                                .tls = true});
  ASSERT_EQ(r.status, 303);
  EXPECT_NE(Header(r, "Set-Cookie").find("; Secure"), std::string::npos);
}

TEST_F(WebAppTest, SignInRefusesAWrongTokenAndAMissingOrForgedCsrf) {
  EXPECT_EQ(SignIn("not-a-token"), "");
  EXPECT_EQ(SignIn(""), "");
  HttpResponse no_cookie =
      app_.Handle({.method = "POST", .path = "/login", .body = "csrf=abc&token=anna-token"});
  EXPECT_EQ(no_cookie.status, 403);
  auto [csrf, cookie] = LoginForm();
  HttpResponse forged = app_.Handle(
      {.method = "POST", .path = "/login", .cookie = cookie, .body = "csrf=0000&token=anna-token"});
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(app_.sessions().size(), 0u);
  EXPECT_NE(SignIn("anna-token"), "");
}

TEST_F(WebAppTest, AnotherOrganisationIsRefusedBeforeAnyServiceIsAsked) {
  std::string session = SignIn("anna-token");
  ASSERT_NE(session, "");
  EXPECT_EQ(
      app_.Handle({.method = "GET", .path = "/report/0999/KS/2021-08", .cookie = session}).status,
      403);
  EXPECT_EQ(app_.Handle({.method = "GET",
                         .path = "/report/0999/KS/2021-08.xlsx",
                         .authorization = "Bearer anna-token"})
                .status,
            403);
  HttpResponse api = app_.Handle({.method = "GET",
                                  .path = "/api/v1/reporting/ListReports",
                                  .query = "organisation=0999",
                                  .cookie = session});
  EXPECT_EQ(api.status, 403);
  EXPECT_NE(api.body.find("PERMISSION_DENIED"), std::string::npos) << api.body;
}

TEST_F(WebAppTest, PagesEscapeWhatPeopleTyped) {
  ReportStatus status;
  status.board_name = "<script>alert(1)</script>";
  status.goals = 1;
  status.goals_without_assessment.push_back({"goal:x", "Mål \"<b>\""});
  BoardOverview board{.organisation = "0580",
                      .board = "KS",
                      .board_name = "<img src=x onerror=alert(1)>",
                      .periods = {{2021, 8}},
                      .shown = {2021, 8},
                      .status = status};
  Viewer viewer{{.subject = "<anna>", .organisation = "0580"}, "c"};
  std::string html = StartPage(viewer, {board});
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("<anna>"), std::string::npos);
  EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  std::string report = ReportPage(
      viewer, {.organisation = "0580", .board = "KS", .period = {2021, 8}, .status = status});
  EXPECT_EQ(report.find("<script>"), std::string::npos);
  EXPECT_NE(report.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(LoginPage("x", "<i>fel</i>").find("<i>"), std::string::npos);
  UnitOverview unit{.organisation = "0580", .unit_id = "EKS", .period = {2021, 8}};
  unit.adjustments.push_back({.unit_id = "EKS",
                              .side = "kostnader",
                              .amount_ore = -400'000'000,
                              .reason = "<script>x</script>",
                              .actor = "<anna>"});
  std::string unit_html = UnitPage(viewer, unit);
  EXPECT_EQ(unit_html.find("<script>"), std::string::npos);
  EXPECT_NE(unit_html.find("&lt;script&gt;x&lt;/script&gt;"), std::string::npos);
  GoalsOverview goals{.organisation = "0580", .board = "KS", .period = {2021, 8}};
  goals.goals.push_back({.level = 3,
                         .name = "<b>Trygghet</b>",
                         .assessment = "uppfylls",
                         .colour = "green",
                         .rationale = "<script>y</script>",
                         .contradicted = true,
                         .check = "<i>ingen indikator</i>",
                         .columns = {"2019"},
                         .indicators = {{.label = "<u>", .values = {"<1>"}, .target = "< 23"}}});
  std::string goals_html = GoalsPage(viewer, goals);
  for (std::string_view raw : {"<b>", "<script>", "<i>", "<u>", "<1>", "< 23"}) {
    EXPECT_EQ(goals_html.find(raw), std::string::npos) << raw;
  }
  EXPECT_NE(goals_html.find("&lt; 23"), std::string::npos);
  // Amounts in the report's style: tkr, space-grouped.
  EXPECT_NE(unit_html.find(">-4 000<"), std::string::npos) << unit_html;
}

TEST_F(WebAppTest, ParsesFormsAndCookies) {
  auto form = ParseUrlEncoded("a=1+2&b=%C3%A5%3D&c&=x");
  ASSERT_EQ(form.size(), 4u);
  EXPECT_EQ(form[0].second, "1 2");
  EXPECT_EQ(form[1].second, "å=");
  EXPECT_EQ(form[2].first, "c");
  EXPECT_EQ(CookieValue("x=1; tertial_session=abc; y=2", "tertial_session"), "abc");
  EXPECT_EQ(CookieValue("tertial_session_old=abc", "tertial_session"), "");
}

}  // namespace
}  // namespace tertial::web
