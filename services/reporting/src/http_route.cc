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
  std::vector<std::string> parts = absl::StrSplit(ToAbsl(path.substr(kReport.size())), '/');
  const size_t dot = parts.size() == 3 ? parts[2].rfind('.') : std::string::npos;
  if (dot == std::string::npos) {
    return Error(404, "Not Found",
                 "expected /report/<org>/<board>/<YYYY-MM>.<html|md|xlsx|json>\n");
  }
  const std::string format = parts[2].substr(dot + 1);
  absl::StatusOr<period::Period> period = period::ParsePeriod(parts[2].substr(0, dot));
  if (!period.ok() || (format != "html" && format != "md" && format != "xlsx" && format != "json")) {
    route = Error(400, "Bad Request", "expected a period YYYY-MM and html, md, xlsx or json\n");
  } else {
    route.kind = HttpRoute::Kind::kReport;
    route.period = *period;
    route.format = format;
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
