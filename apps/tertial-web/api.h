#ifndef TERTIAL_APPS_TERTIAL_WEB_API_H_
#define TERTIAL_APPS_TERTIAL_WEB_API_H_

// /api/v1/<service>/<Method>: the services' read methods as JSON for other tools, through
// protobuf's own JSON mapping (proto field names, int64 as strings, enums by name), never
// written by hand. The request comes from the query string, one field a parameter:
//
//   GET /api/v1/reporting/ListReports?organisation=0580
//   GET /api/v1/forecast/GetForecast?organisation=0580&year=2021
//   GET /api/v1/goals/GetGoalReport?organisation=0580&board_unit_id=KS&period=2021-08
//
// A nested field is named with dots (`range.first.year=2021`); a period (a message of year
// and month: tertial.common.v1.Period, goals' ValuePeriod) takes YYYY-MM; a repeated field takes
// the parameter once per value. The caller's organisation fills an empty `organisation`, and
// another organisation is refused here before any service is asked (the services check the token
// too). Adding a method is one line in ApiMethods() (api.cc).

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "backend.h"
#include "google/protobuf/message.h"
#include "tertial/grpcutil/auth.h"

namespace tertial::web {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct ApiCaller {
  grpcutil::Principal principal;
  std::string token;  // sent on as the bearer of the gRPC call
};

struct ApiMethod {
  std::string service;  // "reporting"
  std::string method;   // "ListReports"
  // Builds the request from the parameters, calls the service, returns the JSON answer.
  std::function<absl::StatusOr<std::string>(const Backend&, const ApiCaller&, const QueryParams&)>
      call;
};

// Every method /api/v1 serves.
const std::vector<ApiMethod>& ApiMethods();
// nullptr when there is no such method.
const ApiMethod* FindApiMethod(std::string_view service, std::string_view method);

// Fills `request` from `params` as described above, and applies the caller's organisation.
// INVALID_ARGUMENT naming the parameter (an unknown field lists the known ones),
// PERMISSION_DENIED for another organisation.
absl::Status RequestFromQuery(const QueryParams& params, const grpcutil::Principal& caller,
                              google::protobuf::Message* request);

// `message` in protobuf's JSON mapping with the proto field names (`actual_ore`).
absl::StatusOr<std::string> ToJson(const google::protobuf::Message& message);

}  // namespace tertial::web

#endif  // TERTIAL_APPS_TERTIAL_WEB_API_H_
