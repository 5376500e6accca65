#include "http_route.h"

#include <vector>

#include "absl/strings/str_split.h"
#include "tertial/base/strings.h"

namespace tertial::reporting {
namespace {

HttpRoute Error(int status, std::string_view reason, std::string_view message) {
  HttpRoute route;
  route.status = status;
  route.reason = std::string(reason);
  route.message = std::string(message);
  return route;
}

}  // namespace

HttpRoute RouteRequest(std::string_view method, std::string_view path) {
  if (method != "GET") return Error(405, "Method Not Allowed", "only GET\n");
  HttpRoute route;
  if (path == "/healthz") {
    route.kind = HttpRoute::Kind::kHealth;
    return route;
  }
  if (path.empty() || path == "/") {
    route.kind = HttpRoute::Kind::kIndex;
    return route;
  }
  constexpr std::string_view kReport = "/report/";
  if (path.substr(0, kReport.size()) != kReport) return Error(404, "Not Found", "not found\n");
  constexpr std::string_view kExpected =
      "expected /report/<org>/<board>/<YYYY-MM>.<html|md|xlsx|json> or "
      "/report/<org>/<board>/<YYYY-MM>/<table>.csv\n";
  std::vector<std::string> parts = absl::StrSplit(ToAbsl(path.substr(kReport.size())), '/');
  std::string period_text;
  std::string format = "csv";
  std::string table;
  if (parts.size() == 3) {
    const size_t dot = parts[2].rfind('.');
    if (dot == std::string::npos) return Error(404, "Not Found", kExpected);
    period_text = parts[2].substr(0, dot);
    format = parts[2].substr(dot + 1);
  } else if (parts.size() == 4) {
    period_text = parts[2];
    table = parts[3];
    if (table.size() < 5 || table.compare(table.size() - 4, 4, ".csv") != 0) {
      return Error(404, "Not Found", kExpected);
    }
  } else {
    return Error(404, "Not Found", kExpected);
  }
  absl::StatusOr<period::Period> period = period::ParsePeriod(period_text);
  const bool known_format = parts.size() == 4 || format == "html" || format == "md" ||
                            format == "xlsx" || format == "json";
  if (!period.ok() || !known_format) {
    route = Error(400, "Bad Request",
                  "expected a period YYYY-MM and html, md, xlsx or json (CSV: one table, "
                  "<YYYY-MM>/<table>.csv)\n");
  } else {
    route.kind = HttpRoute::Kind::kReport;
    route.period = *period;
    route.format = std::move(format);
    route.table = std::move(table);
  }
  route.report_path = true;
  route.organisation = std::move(parts[0]);
  route.board = std::move(parts[1]);
  return route;
}

std::optional<std::string_view> BearerToken(std::string_view authorization) {
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.substr(0, kBearer.size()) != kBearer) return std::nullopt;
  return authorization.substr(kBearer.size());
}

}  // namespace tertial::reporting
