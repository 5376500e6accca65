#ifndef TERTIAL_SERVICES_REPORTING_SRC_HTTP_ROUTE_H_
#define TERTIAL_SERVICES_REPORTING_SRC_HTTP_ROUTE_H_

// How the reporting page (http_page.h) reads a request line: which page, and for a report
// its organisation, board, period, format and (CSV) table:
//   /report/<org>/<board>/<YYYY-MM>.<html|md|xlsx|json>
//   /report/<org>/<board>/<YYYY-MM>/<table>.csv Pure, so that it is tested and fuzzed without
// a server; HttpPage::Serve answers what this decides.

#include <optional>
#include <string>
#include <string_view>

#include "tertial/period/period.h"

namespace tertial::reporting {

struct HttpRoute {
  enum class Kind { kError, kHealth, kIndex, kReport };
  Kind kind = Kind::kError;
  // kError: the status, its reason phrase and a one-line body saying what was expected.
  int status = 0;
  std::string reason;
  std::string message;
  // The path has one of the report shapes: `organisation` is known
  // (and the token's organisation is checked against it) even if the rest is wrong.
  bool report_path = false;
  std::string organisation;
  std::string board;
  period::Period period;
  std::string format;  // html, md, xlsx, json, or csv with `table`
  std::string table;   // "operating.csv": the one CSV file asked for
};

// `method` as sent; `path` as civetweb gives it (percent-decoded, without the query).
HttpRoute RouteRequest(std::string_view method, std::string_view path);

// The token of an Authorization header "Bearer <token>"; nullopt if it is not one.
std::optional<std::string_view> BearerToken(std::string_view authorization);

}  // namespace tertial::reporting

#endif  // TERTIAL_SERVICES_REPORTING_SRC_HTTP_ROUTE_H_
