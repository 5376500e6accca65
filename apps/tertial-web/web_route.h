#ifndef TERTIAL_APPS_TERTIAL_WEB_WEB_ROUTE_H_
#define TERTIAL_APPS_TERTIAL_WEB_WEB_ROUTE_H_

// How the web app reads a request line: which page or API method, and its parts. Pure, so
// that it is tested without a server; WebServer answers what this decides.
//
//   GET  /healthz                                     "ok", no sign-in
//   GET  /login, POST /login, POST /logout            sign-in and sign-out
//   GET  /                                            start: per board and period, done and missing
//   GET  /unit/<org>/<unit>/<YYYY-MM>                 a unit: actual vs budget per month, forecast
//   GET  /goals/<org>/<board>/<YYYY-MM>               the board's goals: assessments, indicators
//   GET  /report/<org>/<board>/<YYYY-MM>              the report page (the report and its
//   downloads) GET  /report/<org>/<board>/<YYYY-MM>.<html|md|xlsx|json> GET
//   /report/<org>/<board>/<YYYY-MM>/<table>.csv  the report's files GET
//   /api/v1/<service>/<Method>?field=value...    a read method as JSON (api.h)

#include <string>
#include <string_view>

#include "tertial/period/period.h"

namespace tertial::web {

struct WebRoute {
  enum class Kind {
    kError,
    kHealth,
    kLoginForm,
    kLogin,
    kLogout,
    kStart,
    kReportPage,
    kReportFile,
    kUnitPage,
    kGoalsPage,
    kApi,
  };
  Kind kind = Kind::kError;
  int status = 0;       // kError: 404, 405, 400
  std::string message;  // kError: what was expected, for people

  // kReportPage, kReportFile, kUnitPage, kGoalsPage
  std::string organisation;
  std::string board;  // kUnitPage: the unit
  period::Period period;
  std::string format;  // kReportFile: html, md, xlsx, json, or csv with `table`
  std::string table;   // "operating.csv"
  // kApi
  std::string service;  // "reporting"
  std::string method;   // "ListReports"

  // Pages for people (a missing session sends the browser to /login), as against the
  // API and the report's files, which answer 401 to a program.
  bool page() const;
  // Needs a signed-in caller (a session, or a bearer token where !page()).
  bool needs_auth() const;
};

// `method` as sent; `path` percent-decoded without the query (as civetweb gives it).
WebRoute RouteRequest(std::string_view method, std::string_view path);

}  // namespace tertial::web

#endif  // TERTIAL_APPS_TERTIAL_WEB_WEB_ROUTE_H_
