#include "web_app.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/str_split.h"
#include "api.h"
#include "pages.h"
#include "report_status.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"
#include "tertial/json/json.h"
#include "tertial/log/log.h"
#include "tertial/money/decimal_proto.h"

namespace tertial::web {
namespace {

constexpr std::string_view kSessionCookie = "tertial_session";
constexpr std::string_view kLoginCookie = "tertial_login";
constexpr int64_t kLoginFormSeconds = 1800;
// Boards whose report the start page renders for its status; more are listed without.
constexpr size_t kMaxBoardsWithStatus = 12;

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && HexDigit(text[i + 1]) >= 0 &&
               HexDigit(text[i + 2]) >= 0) {
      out += static_cast<char>(HexDigit(text[i + 1]) * 16 + HexDigit(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string Param(const std::vector<std::pair<std::string, std::string>>& params,
                  std::string_view name) {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  return "";
}

HttpResponse Redirect(std::string_view location) {
  HttpResponse r;
  r.status = 303;
  r.headers.emplace_back("Location", std::string(location));
  r.body = StrCat("<a href=\"", location, "\">", location, "</a>");
  return r;
}

HttpResponse Json(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json; charset=utf-8";
  r.body = std::move(body);
  return r;
}

std::string ErrorJson(const absl::Status& status) {
  std::string out;
  json::Writer w(&out);
  w.BeginObject();
  w.Key("code");
  w.String(absl::StatusCodeToString(status.code()));
  w.Key("message");
  w.String(std::string(status.message()));
  w.EndObject();
  return out;
}

bool MayRead(const grpcutil::Principal& p, std::string_view organisation) {
  return p.organisation == "*" || p.organisation == organisation;
}

std::string ValueText(const goals::v1::IndicatorValue& v) {
  switch (v.kind_case()) {
    case goals::v1::IndicatorValue::kNumber:
      return money::FormatDecimal(money::DecimalFromProto(v.number()));
    case goals::v1::IndicatorValue::kRange:
      return StrCat(money::FormatDecimal(money::DecimalFromProto(v.range().low())), "–",
                    money::FormatDecimal(money::DecimalFromProto(v.range().high())));
    case goals::v1::IndicatorValue::kNoData:
      return "I.U.";
    default:
      return "–";
  }
}

std::string ValuePeriodName(const goals::v1::ValuePeriod& p) {
  if (p.month() == 0) return StrCat(p.year());
  return PeriodName({p.year(), p.month()});
}

std::pair<std::string, std::string> AssessmentText(goals::v1::Assessment a) {
  switch (a) {
    case goals::v1::ASSESSMENT_MET:
      return {"uppfylls", "green"};
    case goals::v1::ASSESSMENT_PARTLY_MET:
      return {"uppfylls delvis", "yellow"};
    case goals::v1::ASSESSMENT_NOT_MET:
      return {"uppfylls ej", "red"};
    case goals::v1::ASSESSMENT_CANNOT_BE_ASSESSED:
      return {"kan ej bedömas", "grey"};
    default:
      return {"ej bedömd", "none"};
  }
}

std::string StatusText(goals::v1::IndicatorStatus s) {
  switch (s) {
    case goals::v1::INDICATOR_STATUS_MET:
      return "uppfyllt";
    case goals::v1::INDICATOR_STATUS_NOT_MET:
      return "ej uppfyllt";
    case goals::v1::INDICATOR_STATUS_NO_DATA:
      return "ingen uppgift";
    case goals::v1::INDICATOR_STATUS_NO_TARGET:
      return "inget mål";
    default:
      return "–";
  }
}

}  // namespace

int HttpStatusOf(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
      return 409;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kUnavailable:
      return 503;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    default:
      return 500;
  }
}

std::vector<std::pair<std::string, std::string>> ParseUrlEncoded(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  for (absl::string_view part : absl::StrSplit(ToAbsl(text), '&', absl::SkipEmpty())) {
    size_t eq = part.find('=');
    std::string_view p(part.data(), part.size());
    if (eq == absl::string_view::npos) {
      out.emplace_back(Decode(p), "");
    } else {
      out.emplace_back(Decode(p.substr(0, eq)), Decode(p.substr(eq + 1)));
    }
  }
  return out;
}

std::string CookieValue(std::string_view header, std::string_view name) {
  for (absl::string_view part : absl::StrSplit(ToAbsl(header), ';')) {
    std::string_view p(part.data(), part.size());
    while (!p.empty() && p.front() == ' ') p.remove_prefix(1);
    if (p.size() > name.size() && p.substr(0, name.size()) == name && p[name.size()] == '=') {
      return std::string(p.substr(name.size() + 1));
    }
  }
  return "";
}

std::string WebApp::Cookie(std::string_view name, std::string_view value, std::string_view path,
                           int64_t max_age_seconds, bool tls) const {
  return StrCat(name, "=", value, "; Path=", path, "; Max-Age=", max_age_seconds,
                "; HttpOnly; SameSite=Strict", tls || options_.secure_cookies ? "; Secure" : "");
}

std::optional<WebApp::Caller> WebApp::FromSession(const HttpRequest& request) {
  std::string id = CookieValue(request.cookie, kSessionCookie);
  if (id.empty()) return std::nullopt;
  std::optional<Session> session = sessions_.Find(id);
  if (!session) return std::nullopt;
  return Caller{.principal = session->principal,
                .token = session->token,
                .session_id = id,
                .csrf = session->csrf};
}

std::optional<WebApp::Caller> WebApp::FromBearer(const HttpRequest& request) const {
  std::optional<std::string_view> token = grpcutil::BearerToken(request.authorization);
  if (!token) return std::nullopt;
  absl::StatusOr<grpcutil::Principal> principal = authorizer_->Authenticate(*token);
  if (!principal.ok()) return std::nullopt;
  return Caller{.principal = *principal, .token = std::string(*token)};
}

HttpResponse WebApp::Error(const std::optional<Caller>& caller, bool page, int status,
                           std::string_view message) const {
  if (!page) {
    HttpResponse r =
        Json(status, ErrorJson(absl::Status(status == 401   ? absl::StatusCode::kUnauthenticated
                                            : status == 403 ? absl::StatusCode::kPermissionDenied
                                            : status == 404 ? absl::StatusCode::kNotFound
                                            : status == 405 ? absl::StatusCode::kUnimplemented
                                            : status < 500  ? absl::StatusCode::kInvalidArgument
                                                            : absl::StatusCode::kInternal,
                                            ToAbsl(message))));
    return r;
  }
  std::optional<Viewer> viewer;
  if (caller && !caller->session_id.empty()) viewer = Viewer{caller->principal, caller->csrf};
  HttpResponse r;
  r.status = status;
  r.body = ErrorPage(viewer, status, message);
  return r;
}

HttpResponse WebApp::LoginForm(const HttpRequest& request, int status, std::string_view error) {
  std::string csrf = RandomHex(32);
  HttpResponse r;
  r.status = status;
  r.headers.emplace_back("Set-Cookie",
                         Cookie(kLoginCookie, csrf, "/login", kLoginFormSeconds, request.tls));
  r.body = LoginPage(csrf, error);
  return r;
}

HttpResponse WebApp::Login(const HttpRequest& request) {
  auto form = ParseUrlEncoded(request.body);
  const std::string expected = CookieValue(request.cookie, kLoginCookie);
  if (expected.empty() || !SecretsEqual(Param(form, "csrf"), expected)) {
    log::Warning("web: sign-in refused", {{"reason", "csrf"}});
    return LoginForm(request, 403,
                     "Formuläret gick inte att skicka (det hade gått ut eller kom från en annan "
                     "sida). Försök igen.");
  }
  const std::string token = Param(form, "token");
  absl::StatusOr<grpcutil::Principal> principal = authorizer_->Authenticate(token);
  if (token.empty() || !principal.ok()) {
    log::Warning("web: sign-in refused", {{"reason", "unknown token"}});
    return LoginForm(request, 401, "Okänd eller återkallad token.");
  }
  // A new id at every sign-in (never one the browser brought); the old session ends.
  if (std::string old = CookieValue(request.cookie, kSessionCookie); !old.empty()) {
    sessions_.Remove(old);
  }
  std::string id = sessions_.Create(*principal, token);
  log::Info("web: signed in",
            {{"subject", principal->subject}, {"organisation", principal->organisation}});
  HttpResponse r = Redirect("/");
  const int64_t lifetime = options_.sessions.lifetime.count();
  r.headers.emplace_back("Set-Cookie", Cookie(kSessionCookie, id, "/", lifetime, request.tls));
  r.headers.emplace_back("Set-Cookie", Cookie(kLoginCookie, "", "/login", 0, request.tls));
  return r;
}

HttpResponse WebApp::Logout(const HttpRequest& request, const Caller& caller) {
  auto form = ParseUrlEncoded(request.body);
  if (caller.session_id.empty() || !SecretsEqual(Param(form, "csrf"), caller.csrf)) {
    return Error(caller, true, 403, "Formuläret saknar giltig CSRF-token.");
  }
  sessions_.Remove(caller.session_id);
  log::Info("web: signed out", {{"subject", caller.principal.subject}});
  HttpResponse r = Redirect("/login");
  r.headers.emplace_back("Set-Cookie", Cookie(kSessionCookie, "", "/", 0, request.tls));
  return r;
}

HttpResponse WebApp::Start(const HttpRequest& request, const Caller& caller) {
  const std::string own = caller.principal.organisation == "*" ? "" : caller.principal.organisation;
  auto reports = backend_->ListReports(caller.token, own);
  if (!reports.ok()) {
    return Error(caller, true, HttpStatusOf(reports.status()),
                 std::string(reports.status().message()));
  }
  const std::string wanted = Param(ParseUrlEncoded(request.query), "period");
  std::vector<BoardOverview> boards;
  for (const reporting::v1::ReportRef& ref : *reports) {
    if (!MayRead(caller.principal, ref.organisation())) continue;
    auto it = std::find_if(boards.begin(), boards.end(), [&](const BoardOverview& b) {
      return b.organisation == ref.organisation() && b.board == ref.board();
    });
    if (it == boards.end()) {
      boards.push_back({.organisation = ref.organisation(),
                        .organisation_name = ref.organisation_name(),
                        .board = ref.board(),
                        .board_name = ref.board_name()});
      it = boards.end() - 1;
    }
    it->periods.push_back({ref.period().year(), ref.period().month()});
  }
  for (size_t i = 0; i < boards.size(); ++i) {
    BoardOverview& b = boards[i];
    std::sort(b.periods.begin(), b.periods.end());
    b.shown = b.periods.back();
    if (auto p = period::ParsePeriod(wanted);
        p.ok() && std::find(b.periods.begin(), b.periods.end(), *p) != b.periods.end()) {
      b.shown = *p;
    }
    if (i >= kMaxBoardsWithStatus) {
      b.error = "Läget visas för de första nämnderna; öppna rapporten för den här.";
      continue;
    }
    auto files = backend_->RenderReport(caller.token, b.organisation, b.board, b.shown, "json");
    if (!files.ok() || files->empty()) {
      b.error = files.ok() ? "Rapporten gav ingen fil."
                           : std::string(std::string(files.status().message()));
      continue;
    }
    auto status = StatusOfReport(files->front().bytes);
    if (!status.ok()) {
      b.error = std::string(std::string(status.status().message()));
      continue;
    }
    b.status = std::move(*status);
  }
  HttpResponse r;
  r.body = StartPage(Viewer{caller.principal, caller.csrf}, boards);
  return r;
}

HttpResponse WebApp::ReportPageFor(const WebRoute& route, const Caller& caller) {
  auto files =
      backend_->RenderReport(caller.token, route.organisation, route.board, route.period, "json");
  if (!files.ok()) {
    return Error(caller, true, HttpStatusOf(files.status()), std::string(files.status().message()));
  }
  if (files->empty()) return Error(caller, true, 500, "the report gave no file");
  auto status = StatusOfReport(files->front().bytes);
  if (!status.ok()) return Error(caller, true, 500, std::string(status.status().message()));
  HttpResponse r;
  r.body = ReportPage(Viewer{caller.principal, caller.csrf}, {.organisation = route.organisation,
                                                              .board = route.board,
                                                              .period = route.period,
                                                              .status = std::move(*status)});
  return r;
}

HttpResponse WebApp::UnitPageFor(const WebRoute& route, const Caller& caller) {
  UnitOverview unit{
      .organisation = route.organisation, .unit_id = route.board, .period = route.period};
  // Net cost of the unit's subtree per month of the year (the calendar year; a fiscal year
  // of its own is not shown here yet).
  ledger::v1::GetBalancesRequest balances;
  balances.set_organisation(route.organisation);
  balances.set_unit_subtree(route.board);
  balances.mutable_range()->mutable_first()->set_year(route.period.year);
  balances.mutable_range()->mutable_first()->set_month(1);
  balances.mutable_range()->mutable_last()->set_year(route.period.year);
  balances.mutable_range()->mutable_last()->set_month(12);
  balances.add_group_by(ledger::v1::GROUP_BY_MONTH);
  for (const char* prefix : {"3", "4", "5", "6", "7"}) balances.add_account_prefixes(prefix);
  auto rows = backend_->GetBalances(caller.token, balances);
  if (!rows.ok()) {
    return Error(caller, true, HttpStatusOf(rows.status()), std::string(rows.status().message()));
  }
  for (int month = 1; month <= 12; ++month) {
    unit.months.push_back(
        {.period = {route.period.year, month}, .has_actual = month <= route.period.month});
  }
  for (const ledger::v1::BalanceRow& row : rows->rows()) {
    const int month = row.period().month();
    if (row.period().year() != route.period.year || month < 1 || month > 12) continue;
    UnitOverview::Month& m = unit.months[static_cast<size_t>(month - 1)];
    if (m.has_actual) m.actual_ore = row.actual_ore();
    m.budget_ore = row.budget_ore();
  }
  forecast::v1::GetForecastRequest ask;
  ask.set_organisation(route.organisation);
  ask.set_unit_subtree(route.board);
  ask.set_fiscal_year(route.period.year);
  ask.mutable_as_of()->set_year(route.period.year);
  ask.mutable_as_of()->set_month(route.period.month);
  auto forecast = backend_->GetForecast(caller.token, ask);
  if (!forecast.ok()) {
    unit.forecast_missing = StrCat("Ingen prognos: ", forecast.status().message());
  } else {
    unit.method_requested = forecast->method_requested();
    for (const forecast::v1::UnitForecastRow& r : forecast->units()) {
      UnitOverview::Row row{.unit_id = r.forecast().unit_id(),
                            .name = r.name(),
                            .forecast_net_ore = r.forecast().forecast_net_ore(),
                            .budget_net_ore = r.forecast().budget_net_ore(),
                            .deviation_net_ore = r.deviation_net_ore(),
                            .method = r.forecast().method()};
      if (r.depth() == 0) unit.forecast = row;
      if (r.depth() == 1) unit.children.push_back(std::move(row));
    }
    for (const forecast::v1::Adjustment& a : forecast->adjustments()) {
      if (a.withdrawn()) continue;
      unit.adjustments.push_back(
          {.unit_id = a.made().unit_id().empty() ? a.made().project_id() : a.made().unit_id(),
           .side = a.made().side() == forecast::v1::SIDE_REVENUES ? "intäkter"
                   : a.made().side() == forecast::v1::SIDE_COSTS  ? "kostnader"
                   : a.made().side() == forecast::v1::SIDE_INVESTMENT_INCOME
                       ? "investeringsinkomster"
                       : "investeringsutgifter",
           .amount_ore = a.made().amount_ore(),
           .reason = a.made().reason(),
           .actor = a.made().actor()});
    }
  }
  HttpResponse r;
  r.body = UnitPage(Viewer{caller.principal, caller.csrf}, unit);
  return r;
}

HttpResponse WebApp::GoalsPageFor(const WebRoute& route, const Caller& caller) {
  goals::v1::GetGoalReportRequest ask;
  ask.set_organisation(route.organisation);
  ask.set_board_unit_id(route.board);
  ask.mutable_period()->set_year(route.period.year);
  ask.mutable_period()->set_month(route.period.month);
  auto report = backend_->GetGoalReport(caller.token, ask);
  if (!report.ok()) {
    return Error(caller, true, HttpStatusOf(report.status()),
                 std::string(report.status().message()));
  }
  GoalsOverview overview{.organisation = route.organisation,
                         .board = route.board,
                         .period = route.period,
                         .contradictions = report->contradictions()};
  for (const goals::v1::GoalNode& node : report->goals()) {
    GoalsOverview::Goal goal{.level = static_cast<int>(node.goal().level()),
                             .name = node.goal().name()};
    if (node.goal().level() == goals::v1::GOAL_LEVEL_BOARD_GOAL) {
      ++overview.board_goals;
      const bool assessed = node.has_assessment() &&
                            node.assessment().assessment() != goals::v1::ASSESSMENT_UNSPECIFIED;
      if (assessed) ++overview.assessed;
      std::tie(goal.assessment, goal.colour) = AssessmentText(
          assessed ? node.assessment().assessment() : goals::v1::ASSESSMENT_UNSPECIFIED);
      goal.rationale = node.assessment().rationale();
      goal.contradicted = node.evaluation().verdict() == goals::v1::CHECK_VERDICT_CONTRADICTED;
      goal.check = node.evaluation().reason();
      for (const goals::v1::IndicatorRow& row : node.indicators()) {
        if (goal.columns.empty()) {
          for (const goals::v1::ColumnValue& c : row.values()) {
            goal.columns.push_back(ValuePeriodName(c.period()));
          }
        }
        GoalsOverview::Indicator indicator{.label = row.label(),
                                           .breakdown = !row.breakdown().empty(),
                                           .target = row.target().printed(),
                                           .status = StatusText(row.evaluation().status())};
        for (const goals::v1::ColumnValue& c : row.values()) {
          indicator.values.push_back(c.has_value() ? ValueText(c.value()) : "–");
        }
        goal.indicators.push_back(std::move(indicator));
      }
    }
    overview.goals.push_back(std::move(goal));
  }
  HttpResponse r;
  r.body = GoalsPage(Viewer{caller.principal, caller.csrf}, overview);
  return r;
}

HttpResponse WebApp::ReportFileFor(const WebRoute& route, const Caller& caller) {
  auto files = backend_->RenderReport(caller.token, route.organisation, route.board, route.period,
                                      route.format);
  if (!files.ok()) {
    return Error(caller, false, HttpStatusOf(files.status()),
                 std::string(files.status().message()));
  }
  const ReportFile* file = files->empty() ? nullptr : &files->front();
  if (!route.table.empty()) {
    file = nullptr;
    for (const ReportFile& f : *files) {
      size_t slash = f.name.rfind('/');
      if (f.name.substr(slash == std::string::npos ? 0 : slash + 1) == route.table) file = &f;
    }
  }
  if (file == nullptr) {
    return Error(caller, false, 404, StrCat("the report has no table ", route.table));
  }
  size_t slash = file->name.rfind('/');
  std::string name = file->name.substr(slash == std::string::npos ? 0 : slash + 1);
  // Names come from the service, made of sanitised id parts; quotes would end the header's
  // string, so they are refused as well.
  name.erase(std::remove_if(name.begin(), name.end(),
                            [](char c) { return c == '"' || c == '\\' || c < 0x20; }),
             name.end());
  HttpResponse r;
  r.content_type = file->content_type;
  r.headers.emplace_back(
      "Content-Disposition",
      StrCat(route.format == "html" ? "inline" : "attachment", "; filename=\"", name, "\""));
  r.body = file->bytes;
  return r;
}

HttpResponse WebApp::Api(const HttpRequest& request, const WebRoute& route, const Caller& caller) {
  const ApiMethod* method = FindApiMethod(route.service, route.method);
  if (method == nullptr) {
    return Json(404, ErrorJson(absl::NotFoundError(
                         StrCat("no read method ", route.service, "/", route.method))));
  }
  absl::StatusOr<std::string> body = method->call(
      *backend_, ApiCaller{caller.principal, caller.token}, ParseUrlEncoded(request.query));
  if (!body.ok()) return Json(HttpStatusOf(body.status()), ErrorJson(body.status()));
  return Json(200, std::move(*body));
}

HttpResponse WebApp::Handle(const HttpRequest& request) {
  const WebRoute route = RouteRequest(request.method, request.path);
  const bool page = route.kind == WebRoute::Kind::kError
                        ? request.path.rfind("/api/", 0) != 0
                        : route.page() || route.kind == WebRoute::Kind::kLoginForm;
  std::optional<Caller> caller = FromSession(request);
  if (route.kind == WebRoute::Kind::kError) {
    return Error(caller, page, route.status, route.message);
  }
  switch (route.kind) {
    case WebRoute::Kind::kHealth: {
      HttpResponse r;
      r.content_type = "text/plain; charset=utf-8";
      r.body = "ok\n";
      return r;
    }
    case WebRoute::Kind::kLoginForm:
      if (caller) return Redirect("/");
      return LoginForm(request, 200, "");
    case WebRoute::Kind::kLogin:
      return Login(request);
    default:
      break;
  }
  if (!caller && !route.page()) caller = FromBearer(request);
  if (!caller) {
    if (route.page()) return Redirect("/login");
    HttpResponse r =
        Error(std::nullopt, false, 401, "sign in, or send Authorization: Bearer <token>");
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return r;
  }
  if ((route.kind == WebRoute::Kind::kReportPage || route.kind == WebRoute::Kind::kReportFile ||
       route.kind == WebRoute::Kind::kUnitPage || route.kind == WebRoute::Kind::kGoalsPage) &&
      !MayRead(caller->principal, route.organisation)) {
    return Error(
        caller, route.page(), 403,
        StrCat(caller->principal.subject, " has no access to organisation ", route.organisation));
  }
  switch (route.kind) {
    case WebRoute::Kind::kLogout:
      return Logout(request, *caller);
    case WebRoute::Kind::kStart:
      return Start(request, *caller);
    case WebRoute::Kind::kReportPage:
      return ReportPageFor(route, *caller);
    case WebRoute::Kind::kReportFile:
      return ReportFileFor(route, *caller);
    case WebRoute::Kind::kUnitPage:
      return UnitPageFor(route, *caller);
    case WebRoute::Kind::kGoalsPage:
      return GoalsPageFor(route, *caller);
    case WebRoute::Kind::kApi:
      return Api(request, route, *caller);
    default:
      return Error(caller, true, 404, "no such page");
  }
}

}  // namespace tertial::web
