#ifndef TERTIAL_SERVICES_REPORTING_SRC_HTTP_PAGE_H_
#define TERTIAL_SERVICES_REPORTING_SRC_HTTP_PAGE_H_

// A small web page for people, served by the reporting service (civetweb):
//   GET /                                        boards and periods, each linking its report
//   GET /report/<org>/<board>/<YYYY-MM>.<ext>    the report (html, md, xlsx, json)
//   GET /report/<org>/<board>/<YYYY-MM>/<table>.csv  one of its tables as CSV
//   GET /healthz                                 "ok"
// With a tokens file, every request needs "Authorization: Bearer <token>" and sees only
// its organisation's reports.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpc_service.h"
#include "http_route.h"
#include "render_workers.h"
#include "tertial/grpcutil/component.h"

struct mg_context;
struct mg_connection;

namespace tertial::reporting {

class HttpPage {
 public:
  // `listen` is "host:port" ("127.0.0.1:0" picks a free port). INVALID_ARGUMENT for
  // settings out of range (naming the flag), UNAVAILABLE when it cannot listen.
  static absl::StatusOr<std::unique_ptr<HttpPage>> Start(
      const std::string& listen, ReportQueries* queries,
      std::shared_ptr<const grpcutil::Authorizer> authorizer,
      const grpcutil::HttpSettings& settings = {});
  // Stops serving: waits for the requests in progress.
  ~HttpPage();
  HttpPage(const HttpPage&) = delete;
  HttpPage& operator=(const HttpPage&) = delete;

  int port() const { return port_; }

 private:
  HttpPage() = default;
  static int Handle(mg_connection* connection, void* self);
  int Serve(mg_connection* connection);
  void ServeReport(mg_connection* connection, const HttpRoute& route);

  mg_context* context_ = nullptr;
  int port_ = 0;
  ReportQueries* queries_ = nullptr;
  std::shared_ptr<const grpcutil::Authorizer> authorizer_;
  std::unique_ptr<RenderWorkers> renderers_;  // outlives context_
};

}  // namespace tertial::reporting

#endif  // TERTIAL_SERVICES_REPORTING_SRC_HTTP_PAGE_H_
