#ifndef TERTIAL_METRICS_HTTP_SERVER_H_
#define TERTIAL_METRICS_HTTP_SERVER_H_

// Serves a Registry as Prometheus text on GET /metrics (civetweb), for --metrics-listen.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "tertial/metrics/registry.h"

struct mg_context;
struct mg_connection;

namespace tertial::metrics {

class HttpServer {
 public:
  // `listen` is "host:port" ("127.0.0.1:9464"; port 0 picks a free one). The registry
  // outlives the server.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(const std::string& listen,
                                                           Registry* registry);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const { return port_; }

 private:
  HttpServer(mg_context* context, Registry* registry) : context_(context), registry_(registry) {}
  static int Handle(mg_connection* connection, void* self);

  mg_context* context_;
  Registry* registry_;
  int port_ = 0;
};

}  // namespace tertial::metrics

#endif  // TERTIAL_METRICS_HTTP_SERVER_H_
