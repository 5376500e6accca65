#ifndef TERTIAL_SERVICES_REPORTING_SRC_HTTP_PAGE_H_
#define TERTIAL_SERVICES_REPORTING_SRC_HTTP_PAGE_H_

// A small web page for people, served by the reporting service (civetweb):
//   GET /                                        boards and periods, each linking its report
//   GET /report/<org>/<board>/<YYYY-MM>.<ext>    the report (html, md, xlsx, json)
//   GET /healthz                                 "ok"
// With a tokens file, every request needs "Authorization: Bearer <token>" and sees only
// its organisation's reports.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "report_service.h"

struct mg_context;
struct mg_connection;

namespace tertial::reporting {

class HttpPage {
 public:
  // `listen` is "host:port" ("127.0.0.1:0" picks a free port).
  static absl::StatusOr<std::unique_ptr<HttpPage>> Start(const std::string& listen, ReportQueries* queries,
                                                         std::shared_ptr<const grpcutil::Authorizer> authorizer);
  ~HttpPage();
  HttpPage(const HttpPage&) = delete;
  HttpPage& operator=(const HttpPage&) = delete;

  int port() const { return port_; }

 private:
  HttpPage() = default;
  static int Handle(mg_connection* connection, void* self);
  int Serve(mg_connection* connection);

  mg_context* context_ = nullptr;
  int port_ = 0;
  ReportQueries* queries_ = nullptr;
  std::shared_ptr<const grpcutil::Authorizer> authorizer_;
};

}  // namespace tertial::reporting

#endif  // TERTIAL_SERVICES_REPORTING_SRC_HTTP_PAGE_H_
