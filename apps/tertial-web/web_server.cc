#include "web_server.h"

#include <civetweb.h>

#include <chrono>
#include <cstring>
#include <thread>

#include "tertial/base/strings.h"
#include "tertial/log/log.h"

namespace tertial::web {
namespace {

// No script may run on any page (there is none); styles are inline; the report page frames
// the report's HTML from this origin and nothing frames this app from elsewhere.
constexpr std::string_view kSecurityHeaders =
    "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: same-origin\r\nX-Frame-Options: SAMEORIGIN\r\n"
    "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; img-src 'self' "
    "data:; frame-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'\r\n";

std::string_view Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 303:
      return "See Other";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 429:
      return "Too Many Requests";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return status < 500 ? "Error" : "Internal Server Error";
  }
}

std::string Header(mg_connection* c, const char* name) {
  const char* v = mg_get_header(c, name);
  return v == nullptr ? "" : v;
}

void Write(mg_connection* c, const HttpResponse& r) {
  std::string head =
      StrCat("HTTP/1.1 ", r.status, " ", Reason(r.status), "\r\nContent-Type: ", r.content_type,
             "\r\nContent-Length: ", r.body.size(), "\r\n", kSecurityHeaders);
  for (const auto& [name, value] : r.headers) StrAppend(&head, name, ": ", value, "\r\n");
  head += "Connection: close\r\n\r\n";
  mg_write(c, head.data(), head.size());
  mg_write(c, r.body.data(), r.body.size());
}

}  // namespace

absl::StatusOr<std::unique_ptr<WebServer>> WebServer::Start(const WebServerOptions& options,
                                                            WebApp* app) {
  if (absl::Status s = options.http.Check(); !s.ok()) return s;
  std::unique_ptr<WebServer> server(new WebServer());
  server->app_ = app;
  const std::string& ports = options.listen;
  std::string threads = StrCat(options.http.threads);
  std::string timeout = StrCat(options.http.request_timeout_ms);
  std::vector<const char*> settings = {"listening_ports",    ports.c_str(),
                                       "num_threads",        threads.c_str(),
                                       "request_timeout_ms", timeout.c_str(),
                                       "linger_timeout_ms",  timeout.c_str(),
                                       "enable_keep_alive",  "no"};
  settings.push_back(nullptr);
  mg_callbacks callbacks;
  std::memset(&callbacks, 0, sizeof callbacks);
  callbacks.log_message = &log::CivetwebLogMessage;
  server->context_ = mg_start(&callbacks, nullptr, settings.data());
  if (server->context_ == nullptr) {
    return absl::UnavailableError(StrCat("tertial-web: cannot serve HTTP on ", options.listen));
  }
  mg_set_request_handler(server->context_, "/", &WebServer::Handle, server.get());
  mg_server_port found[4];
  if (mg_get_server_ports(server->context_, 4, found) > 0) server->port_ = found[0].port;
  return server;
}

WebServer::~WebServer() {
  if (context_ != nullptr) mg_stop(context_);
}

int WebServer::Handle(mg_connection* connection, void* self) {
  return static_cast<WebServer*>(self)->Serve(connection);
}

int WebServer::Serve(mg_connection* c) {
  const mg_request_info* info = mg_get_request_info(c);
  HttpRequest request;
  request.method = info->request_method ? info->request_method : "";
  request.path = info->local_uri ? info->local_uri : "/";
  request.query = info->query_string ? info->query_string : "";
  request.cookie = Header(c, "Cookie");
  request.authorization = Header(c, "Authorization");
  request.content_type = Header(c, "Content-Type");
  request.tls = info->is_ssl != 0;
  if (request.method == "POST") {
    if (info->content_length > static_cast<long long>(kMaxFormBytes)) {
      Write(c, {.status = 413,
                .content_type = "text/plain; charset=utf-8",
                .body = StrCat("a form is at most ", kMaxFormBytes, " bytes\n")});
      return 1;
    }
    char buffer[4096];
    int n = 0;
    while ((n = mg_read(c, buffer, sizeof buffer)) > 0) {
      if (request.body.size() + static_cast<size_t>(n) > kMaxFormBytes) {
        Write(c, {.status = 413,
                  .content_type = "text/plain; charset=utf-8",
                  .body = StrCat("a form is at most ", kMaxFormBytes, " bytes\n")});
        return 1;
      }
      request.body.append(buffer, static_cast<size_t>(n));
    }
  }
  HttpResponse response;
  const auto started = std::chrono::steady_clock::now();
  std::thread([&] { response = app_->Handle(request); }).join();
  // The server's own time for the answer, for the browser's devtools and bench/web.
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - started)
                          .count();
  response.headers.emplace_back("Server-Timing",
                                StrCat("app;dur=", micros / 1000, ".", micros / 100 % 10));
  Write(c, response);
  return 1;
}

}  // namespace tertial::web
