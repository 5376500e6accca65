#include "http_page.h"

#include <civetweb.h>

#include <cstring>
#include <map>
#include <optional>
#include <string_view>

#include "http_route.h"
#include "tertial/base/strings.h"
#include "tertial/log/log.h"

namespace tertial::reporting {
namespace {

void Reply(mg_connection* c, int code, std::string_view reason, std::string_view type,
           std::string_view body) {
  mg_printf(
      c,
      "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nCache-Control: no-store\r\n"
      "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
      code, std::string(reason).c_str(), std::string(type).c_str(), body.size());
  mg_write(c, body.data(), body.size());
}

int HttpCode(const absl::Status& s) {
  switch (s.code()) {
    case absl::StatusCode::kInvalidArgument:
      return 400;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    // A precondition of the data (the ledger has no amounts for the month): the request
    // conflicts with the state, not a fault of the server.
    case absl::StatusCode::kFailedPrecondition:
      return 409;
    case absl::StatusCode::kAlreadyExists:
      return 409;
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kUnavailable:
      return 503;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    default:
      return 500;
  }
}

std::string Page(std::string_view title, std::string_view body) {
  return StrCat("<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>",
                HtmlEscape(title),
                "</title><style>body{font-family:\"Segoe "
                "UI\",Helvetica,Arial,sans-serif;color:#1d2733;max-width:900px;"
                "margin:32px auto;padding:0 "
                "16px}h1{color:#1f4e79;font-size:1.6rem}h2{font-size:1.15rem;margin-top:28px}"
                "table{border-collapse:collapse;width:100%}td,th{padding:5px 8px;border-bottom:1px "
                "solid #d5dce4;text-align:left}"
                "th{color:#5b6b7c;font-size:.85rem}a{color:#1f4e79}.muted{color:#5b6b7c;font-size:."
                "85rem}</style></head><body>",
                body, "</body></html>");
}

}  // namespace

absl::StatusOr<std::unique_ptr<HttpPage>> HttpPage::Start(
    const std::string& listen, ReportQueries* queries,
    std::shared_ptr<const grpcutil::Authorizer> authorizer,
    const grpcutil::HttpSettings& settings) {
  if (absl::Status s = settings.Check(); !s.ok()) return s;
  std::unique_ptr<HttpPage> page(new HttpPage());
  page->queries_ = queries;
  page->authorizer_ = std::move(authorizer);
  auto renderers = RenderWorkers::Start({});
  if (!renderers.ok()) return renderers.status();
  page->renderers_ = std::move(*renderers);
  std::string threads = StrCat(settings.threads);
  std::string timeout = StrCat(settings.request_timeout_ms);
  // civetweb holds a thread per connection until it closes: the request timeout bounds how
  // long an idle or slow client holds one (its default, 30 s, let four idle connections
  // hold every thread of the old four), and without keep-alive a connection ends with its
  // answer. linger_timeout_ms bounds the wait for a client to take the last bytes.
  const char* options[] = {"listening_ports",
                           listen.c_str(),
                           "num_threads",
                           threads.c_str(),
                           "request_timeout_ms",
                           timeout.c_str(),
                           "linger_timeout_ms",
                           timeout.c_str(),
                           "enable_keep_alive",
                           "no",
                           nullptr};
  mg_callbacks callbacks;
  std::memset(&callbacks, 0, sizeof callbacks);
  callbacks.log_message = &log::CivetwebLogMessage;
  page->context_ = mg_start(&callbacks, nullptr, options);
  if (page->context_ == nullptr) {
    return absl::UnavailableError(StrCat("reporting: cannot serve HTTP on ", listen));
  }
  mg_set_request_handler(page->context_, "/", &HttpPage::Handle, page.get());
  mg_server_port ports[4];
  int n = mg_get_server_ports(page->context_, 4, ports);
  if (n > 0) page->port_ = ports[0].port;
  return page;
}

HttpPage::~HttpPage() {
  if (context_ != nullptr) mg_stop(context_);
}

int HttpPage::Handle(mg_connection* connection, void* self) {
  return static_cast<HttpPage*>(self)->Serve(connection);
}

int HttpPage::Serve(mg_connection* c) {
  const mg_request_info* request = mg_get_request_info(c);
  const HttpRoute route = RouteRequest(request->request_method ? request->request_method : "",
                                       request->local_uri ? request->local_uri : "/");
  if (route.kind == HttpRoute::Kind::kError && route.status == 405) {
    Reply(c, route.status, route.reason, "text/plain; charset=utf-8", route.message);
    return 1;
  }
  if (route.kind == HttpRoute::Kind::kHealth) {
    Reply(c, 200, "OK", "text/plain; charset=utf-8", "ok\n");
    return 1;
  }
  // Who is asking: with tokens, a bearer token is required and fixes the organisation.
  std::string tenant = "*";
  if (authorizer_ && !authorizer_->open()) {
    const char* header = mg_get_header(c, "Authorization");
    std::optional<std::string_view> token = BearerToken(header ? header : "");
    if (!token) {
      Reply(c, 401, "Unauthorized", "text/plain; charset=utf-8",
            "send Authorization: Bearer <token>\n");
      return 1;
    }
    auto principal = authorizer_->Authenticate(std::string(*token));
    if (!principal.ok()) {
      Reply(c, 401, "Unauthorized", "text/plain; charset=utf-8", "unknown token\n");
      return 1;
    }
    tenant = principal->organisation;
  }
  if (route.report_path && tenant != "*" && tenant != route.organisation) {
    Reply(c, 403, "Forbidden", "text/plain; charset=utf-8",
          "this token is for another organisation\n");
    return 1;
  }
  if (route.kind == HttpRoute::Kind::kError) {
    Reply(c, route.status, route.reason, "text/plain; charset=utf-8", route.message);
    return 1;
  }
  if (route.kind == HttpRoute::Kind::kIndex) {
    auto list = queries_->List(tenant == "*" ? "" : tenant);
    if (!list.ok()) {
      Reply(c, HttpCode(list.status()), "Error", "text/plain; charset=utf-8",
            StrCat(list.status().message(), "\n"));
      return 1;
    }
    std::string body =
        "<h1>Delårsrapporter</h1><p class=\"muted\">Rapporterna görs ur huvudbok, budget, prognos "
        "och "
        "målrapportering när de öppnas.</p>";
    std::string current;
    for (const ReportListing& l : *list) {
      std::string heading = StrCat(
          l.organisation_name.empty() ? l.organisation : l.organisation_name, " – ", l.board_name);
      if (heading != current) {
        if (!current.empty()) body += "</tbody></table>";
        current = heading;
        StrAppend(&body, "<h2>", HtmlEscape(heading),
                  "</h2><table><thead><tr><th>Period</th><th>Rapport</th>"
                  "<th>Andra format</th><th>Status</th></tr></thead><tbody>");
      }
      std::string base =
          StrCat("/report/", l.organisation, "/", l.board, "/", period::FormatPeriod(l.period));
      StrAppend(&body, "<tr><td>", period::FormatPeriod(l.period), "</td><td><a href=\"", base,
                ".html\">Delårsrapport ", HtmlEscape(PeriodSpan(l.period)),
                "</a></td><td><a href=\"", base, ".xlsx\">xlsx</a> · <a href=\"", base,
                ".md\">md</a> · <a href=\"", base, ".json\">json</a></td><td class=\"muted\">",
                l.closed ? "stängd" : "öppen", l.has_forecast ? ", prognos" : "", "</td></tr>");
    }
    if (!current.empty()) body += "</tbody></table>";
    if (list->empty()) body += "<p>Inga rapporter ännu: läs in huvudbok och budget först.</p>";
    Reply(c, 200, "OK", "text/html; charset=utf-8", Page("Delårsrapporter", body));
    return 1;
  }
  ServeReport(c, route);
  return 1;
}

// A route of kind kReport, its organisation already checked against the token's.
void HttpPage::ServeReport(mg_connection* c, const HttpRoute& route) {
  const std::string& format = route.format;
  const std::string& table = route.table;
  // On a thread with a stack for it (render_workers.h), never on civetweb's own.
  absl::StatusOr<std::vector<RenderedFile>> files = absl::UnknownError("not rendered");
  renderers_->Run([&] {
    files = queries_->RenderReport(route.organisation, route.board, route.period, format);
  });
  if (!files.ok()) {
    Reply(c, HttpCode(files.status()), "Error", "text/plain; charset=utf-8",
          StrCat(files.status().message(), "\n"));
    return;
  }
  const RenderedFile* f = files->empty() ? nullptr : &files->front();
  if (!table.empty()) {
    f = nullptr;
    for (const RenderedFile& file : *files) {
      size_t slash = file.name.rfind('/');
      if (file.name.substr(slash == std::string::npos ? 0 : slash + 1) == table) f = &file;
    }
  }
  if (f == nullptr) {
    Reply(c, 404, "Not Found", "text/plain; charset=utf-8",
          StrCat("the report has no table ", table, "\n"));
    return;
  }
  std::string name =
      f->name.substr(f->name.rfind('/') == std::string::npos ? 0 : f->name.rfind('/') + 1);
  mg_printf(
      c,
      "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %zu\r\nContent-Disposition: %s; "
      "filename=\"%s\"\r\n"
      "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
      f->content_type.c_str(), f->bytes.size(), format == "html" ? "inline" : "attachment",
      name.c_str());
  mg_write(c, f->bytes.data(), f->bytes.size());
}

}  // namespace tertial::reporting
