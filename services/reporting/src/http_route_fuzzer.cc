// libFuzzer target for the reporting page's request routing (http_route.h),
// docs/fuzzing.md. The input's first line is the method, the second the path (as civetweb
// gives it, percent-decoded), the third an Authorization header.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http_route.h"
#include "tertial/testing/fuzz_check.h"

namespace {

std::string_view NextLine(std::string_view* bytes) {
  const size_t end = bytes->find('\n');
  std::string_view line = bytes->substr(0, end);
  *bytes = end == std::string_view::npos ? std::string_view() : bytes->substr(end + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using tertial::reporting::HttpRoute;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::string_view method = NextLine(&bytes);
  const std::string_view path = NextLine(&bytes);
  const std::string_view authorization = NextLine(&bytes);
  const HttpRoute route = tertial::reporting::RouteRequest(method, path);
  switch (route.kind) {
    case HttpRoute::Kind::kError:
      TERTIAL_FUZZ_CHECK(route.status == 400 || route.status == 404 || route.status == 405);
      TERTIAL_FUZZ_CHECK(!route.message.empty() && route.message.back() == '\n');
      break;
    case HttpRoute::Kind::kReport:
      TERTIAL_FUZZ_CHECK(route.report_path);
      TERTIAL_FUZZ_CHECK(route.period.month >= 1 && route.period.month <= 12);
      TERTIAL_FUZZ_CHECK(route.table.empty()
                             ? route.format == "html" || route.format == "md" ||
                                   route.format == "xlsx" || route.format == "json"
                             : route.format == "csv" && route.table.size() > 4 &&
                                   route.table.compare(route.table.size() - 4, 4, ".csv") == 0);
      break;
    case HttpRoute::Kind::kHealth:
    case HttpRoute::Kind::kIndex:
      TERTIAL_FUZZ_CHECK(method == "GET");
      break;
  }
  // Organisation, board and table are one path segment each: the tenant check compares
  // whole ids, and the table is only ever matched against the report's own file names.
  TERTIAL_FUZZ_CHECK(route.organisation.find('/') == std::string::npos);
  TERTIAL_FUZZ_CHECK(route.board.find('/') == std::string::npos);
  TERTIAL_FUZZ_CHECK(route.table.find('/') == std::string::npos);
  tertial::reporting::BearerToken(authorization);
  return 0;
}
