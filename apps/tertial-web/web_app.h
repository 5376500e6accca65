#ifndef TERTIAL_APPS_TERTIAL_WEB_WEB_APP_H_
#define TERTIAL_APPS_TERTIAL_WEB_WEB_APP_H_

// The web app's answer to one request, apart from the HTTP server that carries it
// (web_server.h): sign-in and sessions, CSRF, who may see what, and the pages and API.
//
// Auth. Pages need a session: without one the browser is sent to /login. The API and the
// report's files take a session or "Authorization: Bearer <token>" (Excel, Power BI,
// scripts) and answer 401 without. Tokens are those of the services' tokens file
// (grpcutil/auth.h), checked here at sign-in and sent on with every gRPC call, where the
// services check them again. A caller sees only its organisation (or every one with "*").
//
// Sessions and CSRF. Signing in gives a cookie holding a random session id (HttpOnly,
// SameSite=Strict, Path=/, Max-Age = the session's lifetime, Secure when served over TLS
// or told so); the session lives on the server (session_store.h). Every form carries a
// CSRF token checked on POST: the session's for signing out, and for signing in one tied to
// a short-lived cookie of its own (so a login form cannot be posted from another site).

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "backend.h"
#include "session_store.h"
#include "tertial/grpcutil/auth.h"
#include "web_route.h"

namespace tertial::web {

struct HttpRequest {
  std::string method;
  std::string path;           // percent-decoded, without the query
  std::string query;          // as sent, after '?'
  std::string cookie;         // the Cookie header
  std::string authorization;  // the Authorization header
  std::string content_type;
  std::string body;  // POST bodies (forms), at most kMaxFormBytes
  bool tls = false;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;  // Set-Cookie, Location, ...
  std::string body;
};

inline constexpr size_t kMaxFormBytes = 16 * 1024;

struct WebAppOptions {
  bool secure_cookies = false;  // Secure on every cookie even without TLS here (a TLS proxy)
  SessionStore::Options sessions;
};

class WebApp {
 public:
  // `backend` outlives the app; `authorizer` is the tokens file (never open).
  WebApp(const Backend* backend, std::shared_ptr<const grpcutil::Authorizer> authorizer,
         WebAppOptions options)
      : backend_(backend),
        authorizer_(std::move(authorizer)),
        options_(options),
        sessions_(options.sessions) {}
  WebApp(const WebApp&) = delete;
  WebApp& operator=(const WebApp&) = delete;

  // Thread-safe.
  HttpResponse Handle(const HttpRequest& request);

  SessionStore& sessions() { return sessions_; }

 private:
  struct Caller {
    grpcutil::Principal principal;
    std::string token;
    std::string session_id;  // empty for a bearer token
    std::string csrf;        // the session's
  };
  std::optional<Caller> FromSession(const HttpRequest& request);
  std::optional<Caller> FromBearer(const HttpRequest& request) const;
  HttpResponse LoginForm(const HttpRequest& request, int status, std::string_view error);
  HttpResponse Login(const HttpRequest& request);
  HttpResponse Logout(const HttpRequest& request, const Caller& caller);
  HttpResponse Start(const HttpRequest& request, const Caller& caller);
  HttpResponse ReportPageFor(const WebRoute& route, const Caller& caller);
  HttpResponse UnitPageFor(const WebRoute& route, const Caller& caller);
  HttpResponse GoalsPageFor(const WebRoute& route, const Caller& caller);
  HttpResponse ReportFileFor(const WebRoute& route, const Caller& caller);
  HttpResponse Api(const HttpRequest& request, const WebRoute& route, const Caller& caller);
  HttpResponse Error(const std::optional<Caller>& caller, bool page, int status,
                     std::string_view message) const;
  std::string Cookie(std::string_view name, std::string_view value, std::string_view path,
                     int64_t max_age_seconds, bool tls) const;

  const Backend* backend_;
  std::shared_ptr<const grpcutil::Authorizer> authorizer_;
  const WebAppOptions options_;
  SessionStore sessions_;
};

// HTTP status for a service's error code (NOT_FOUND 404, PERMISSION_DENIED 403, ...).
int HttpStatusOf(const absl::Status& status);
// The pairs of an application/x-www-form-urlencoded text (a query or a form), decoded.
std::vector<std::pair<std::string, std::string>> ParseUrlEncoded(std::string_view text);
// The value of cookie `name` in a Cookie header; "" when absent.
std::string CookieValue(std::string_view header, std::string_view name);

}  // namespace tertial::web

#endif  // TERTIAL_APPS_TERTIAL_WEB_WEB_APP_H_
