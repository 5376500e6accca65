#include "web_route.h"

#include <vector>

#include "absl/strings/str_split.h"
#include "tertial/base/ids.h"
#include "tertial/base/strings.h"

namespace tertial::web {
namespace {

WebRoute Error(int status, std::string_view message) {
  WebRoute route;
  route.status = status;
  route.message = std::string(message);
  return route;
}

WebRoute Only(std::string_view method, std::string_view allowed, WebRoute::Kind kind) {
  if (method != allowed) return Error(405, StrCat("only ", allowed));
  WebRoute route;
  route.kind = kind;
  return route;
}

WebRoute Report(std::string_view method, std::string_view rest) {
  if (method != "GET") return Error(405, "only GET");
  constexpr std::string_view kExpected =
      "expected /report/<org>/<board>/<YYYY-MM>, /report/<org>/<board>/<YYYY-MM>.<html|md|xlsx|"
      "json> or /report/<org>/<board>/<YYYY-MM>/<table>.csv";
  std::vector<std::string> parts = absl::StrSplit(ToAbsl(rest), '/');
  if (parts.size() != 3 && parts.size() != 4) return Error(404, kExpected);
  WebRoute route;
  route.kind = WebRoute::Kind::kReportPage;
  std::string period_text = parts[2];
  if (parts.size() == 4) {
    route.kind = WebRoute::Kind::kReportFile;
    route.format = "csv";
    route.table = parts[3];
    if (route.table.size() < 5 || route.table.compare(route.table.size() - 4, 4, ".csv") != 0 ||
        !ids::Check(route.table.substr(0, route.table.size() - 4), "table").ok()) {
      return Error(404, kExpected);
    }
  } else if (size_t dot = period_text.find('.'); dot != std::string::npos) {
    route.kind = WebRoute::Kind::kReportFile;
    route.format = period_text.substr(dot + 1);
    period_text.resize(dot);
    if (route.format != "html" && route.format != "md" && route.format != "xlsx" &&
        route.format != "json") {
      return Error(404, "expected a report as .html, .md, .xlsx or .json");
    }
  }
  if (!ids::Check(parts[0], "organisation").ok() || !ids::Check(parts[1], "board").ok()) {
    return Error(404, kExpected);
  }
  absl::StatusOr<period::Period> period = period::ParsePeriod(period_text);
  if (!period.ok()) return Error(400, "expected a period YYYY-MM");
  route.organisation = std::move(parts[0]);
  route.board = std::move(parts[1]);
  route.period = *period;
  return route;
}

// /unit/<org>/<unit>/<YYYY-MM> and /goals/<org>/<board>/<YYYY-MM>.
WebRoute OrgUnitPeriod(std::string_view method, std::string_view rest, WebRoute::Kind kind,
                       std::string_view expected) {
  if (method != "GET") return Error(405, "only GET");
  std::vector<std::string> parts = absl::StrSplit(ToAbsl(rest), '/');
  if (parts.size() != 3 || !ids::Check(parts[0], "organisation").ok() ||
      !ids::Check(parts[1], "unit").ok()) {
    return Error(404, StrCat("expected ", expected));
  }
  absl::StatusOr<period::Period> period = period::ParsePeriod(parts[2]);
  if (!period.ok()) return Error(400, "expected a period YYYY-MM");
  WebRoute route;
  route.kind = kind;
  route.organisation = std::move(parts[0]);
  route.board = std::move(parts[1]);
  route.period = *period;
  return route;
}

WebRoute Api(std::string_view method, std::string_view rest) {
  if (method != "GET") return Error(405, "only GET: the API has read methods");
  std::vector<std::string> parts = absl::StrSplit(ToAbsl(rest), '/');
  if (parts.size() != 2 || parts[0].empty() || parts[1].empty()) {
    return Error(404, "expected /api/v1/<service>/<Method>");
  }
  WebRoute route;
  route.kind = WebRoute::Kind::kApi;
  route.service = std::move(parts[0]);
  route.method = std::move(parts[1]);
  return route;
}

}  // namespace

bool WebRoute::page() const {
  return kind == Kind::kStart || kind == Kind::kReportPage || kind == Kind::kUnitPage ||
         kind == Kind::kGoalsPage || kind == Kind::kLogout;
}

bool WebRoute::needs_auth() const {
  return kind == Kind::kStart || kind == Kind::kReportPage || kind == Kind::kReportFile ||
         kind == Kind::kUnitPage || kind == Kind::kGoalsPage || kind == Kind::kApi ||
         kind == Kind::kLogout;
}

WebRoute RouteRequest(std::string_view method, std::string_view path) {
  if (path == "/healthz") return Only(method, "GET", WebRoute::Kind::kHealth);
  if (path == "/" || path.empty()) return Only(method, "GET", WebRoute::Kind::kStart);
  if (path == "/login") {
    if (method == "POST") return Only(method, "POST", WebRoute::Kind::kLogin);
    return Only(method, "GET", WebRoute::Kind::kLoginForm);
  }
  if (path == "/logout") return Only(method, "POST", WebRoute::Kind::kLogout);
  constexpr std::string_view kReport = "/report/";
  if (path.substr(0, kReport.size()) == kReport) return Report(method, path.substr(kReport.size()));
  constexpr std::string_view kUnit = "/unit/";
  if (path.substr(0, kUnit.size()) == kUnit) {
    return OrgUnitPeriod(method, path.substr(kUnit.size()), WebRoute::Kind::kUnitPage,
                         "/unit/<org>/<unit>/<YYYY-MM>");
  }
  constexpr std::string_view kGoals = "/goals/";
  if (path.substr(0, kGoals.size()) == kGoals) {
    return OrgUnitPeriod(method, path.substr(kGoals.size()), WebRoute::Kind::kGoalsPage,
                         "/goals/<org>/<board>/<YYYY-MM>");
  }
  constexpr std::string_view kApi = "/api/v1/";
  if (path.substr(0, kApi.size()) == kApi) return Api(method, path.substr(kApi.size()));
  return Error(404, "no such page");
}

}  // namespace tertial::web
