#ifndef TERTIAL_APPS_TERTIAL_WEB_WEB_SERVER_H_
#define TERTIAL_APPS_TERTIAL_WEB_WEB_SERVER_H_

// Carries the web app (web_app.h) over HTTP with civetweb (HTTPS ends at a proxy or ingress in
// front; see --secure-cookies): reads each request
// whole (a form body up to kMaxFormBytes), lets the app answer it on a thread of ordinary
// stack size (civetweb's own threads have 100 KiB in Debian's build, too little for a
// protobuf JSON print or a gRPC call to be safe), and writes the answer with the headers
// every answer gets (no-store, nosniff, a Content-Security-Policy without scripts).

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "tertial/grpcutil/component.h"
#include "web_app.h"

struct mg_context;
struct mg_connection;

namespace tertial::web {

struct WebServerOptions {
  std::string listen;  // "host:port"; port 0 picks a free one
  grpcutil::HttpSettings http;
};

class WebServer {
 public:
  // `app` outlives the server. UNAVAILABLE when it cannot listen.
  static absl::StatusOr<std::unique_ptr<WebServer>> Start(const WebServerOptions& options,
                                                          WebApp* app);
  ~WebServer();  // stops serving, waiting for the requests in progress
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  int port() const { return port_; }

 private:
  WebServer() = default;
  static int Handle(mg_connection* connection, void* self);
  int Serve(mg_connection* connection);

  mg_context* context_ = nullptr;
  int port_ = 0;
  WebApp* app_ = nullptr;
};

}  // namespace tertial::web

#endif  // TERTIAL_APPS_TERTIAL_WEB_WEB_SERVER_H_
