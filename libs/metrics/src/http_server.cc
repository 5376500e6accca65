#include "tertial/metrics/http_server.h"

#include <civetweb.h>

#include <cstring>

#include "tertial/base/strings.h"
#include "tertial/log/log.h"

namespace tertial::metrics {

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(const std::string& listen,
                                                              Registry* registry) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == listen.size()) {
    return absl::InvalidArgumentError(
        StrCat("--metrics-listen: '", listen, "' is not host:port (for example 0.0.0.0:9464)"));
  }
  mg_init_library(0);
  std::string host = listen.substr(0, colon);
  std::string port = listen.substr(colon + 1);
  // civetweb takes "port" or "host:port"; a wildcard host is the bare port.
  std::string ports = host.empty() || host == "0.0.0.0" || host == "*" ? port : listen;
  // A connection holds a civetweb thread until it closes: the request timeout frees one a
  // silent client holds (civetweb's default is 30 s), so that idle connections cannot
  // keep the scraper out for long.
  const char* options[] = {
      "listening_ports",   ports.c_str(), "num_threads", "4", "request_timeout_ms", "5000",
      "enable_keep_alive", "no",          nullptr};
  mg_callbacks callbacks;
  std::memset(&callbacks, 0, sizeof(callbacks));
  callbacks.log_message = &log::CivetwebLogMessage;
  std::unique_ptr<HttpServer> server(new HttpServer(nullptr, registry));
  server->context_ = mg_start(&callbacks, server.get(), options);
  if (server->context_ == nullptr) {
    return absl::UnavailableError(StrCat("cannot serve metrics on ", listen));
  }
  mg_set_request_handler(server->context_, "/metrics", &HttpServer::Handle, server.get());
  mg_server_port ports_info[4];
  int n = mg_get_server_ports(server->context_, 4, ports_info);
  if (n > 0) server->port_ = ports_info[0].port;
  return server;
}

HttpServer::~HttpServer() {
  if (context_ != nullptr) mg_stop(context_);
}

int HttpServer::Handle(struct mg_connection* connection, void* self) {
  const mg_request_info* request = mg_get_request_info(connection);
  if (std::strcmp(request->request_method, "GET") != 0 &&
      std::strcmp(request->request_method, "HEAD") != 0) {
    mg_send_http_error(connection, 405, "only GET /metrics");
    return 405;
  }
  std::string body = static_cast<HttpServer*>(self)->registry_->Render();
  mg_printf(connection,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
            "Content-Length: %zu\r\nConnection: close\r\n\r\n",
            body.size());
  if (std::strcmp(request->request_method, "GET") == 0) {
    mg_write(connection, body.data(), body.size());
  }
  return 200;
}

}  // namespace tertial::metrics
