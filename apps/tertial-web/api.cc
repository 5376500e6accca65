#include "api.h"

#include <google/protobuf/util/json_util.h>

#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"
#include "tertial/forecast/v1/service.grpc.pb.h"
#include "tertial/goals/v1/service.grpc.pb.h"
#include "tertial/ledger/v1/service.grpc.pb.h"
#include "tertial/reporting/v1/service.grpc.pb.h"

namespace tertial::web {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr size_t kMaxParams = 64;

// One read method of a generated stub: `Stub::Method(context, request, response)`.
template <typename Stub, typename Request, typename Response>
ApiMethod Read(std::string service, std::string method,
               grpc::Status (Stub::*call)(grpc::ClientContext*, const Request&, Response*)) {
  std::string name = service;
  return ApiMethod{
      .service = std::move(service),
      .method = std::move(method),
      .call = [name, call](const Backend& backend, const ApiCaller& caller,
                           const QueryParams& params) -> absl::StatusOr<std::string> {
        Request request;
        if (absl::Status s = RequestFromQuery(params, caller.principal, &request); !s.ok()) {
          return s;
        }
        auto channel = backend.Channel(name);
        if (!channel.ok()) return channel.status();
        Stub stub(*channel);
        Response response;
        absl::Status s =
            Backend::Invoke(caller.token, kQueryDeadline, [&](grpc::ClientContext& context) {
              return (stub.*call)(&context, request, &response);
            });
        if (!s.ok()) return s;
        return ToJson(response);
      }};
}

std::string FieldNames(const Descriptor* d) {
  std::string out;
  for (int i = 0; i < d->field_count(); ++i) StrAppend(&out, i ? ", " : "", d->field(i)->name());
  return out;
}

absl::Status SetScalar(Message* m, const FieldDescriptor* f, std::string_view name,
                       std::string_view value) {
  const Reflection* r = m->GetReflection();
  const bool rep = f->is_repeated();
  auto bad = [&](std::string_view expected) {
    return absl::InvalidArgumentError(
        StrCat("parameter ", name, ": expected ", expected, ", not '", value, "'"));
  };
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      if (!IsValidUtf8(value)) return bad("UTF-8 text");
      std::string v(value);
      rep ? r->AddString(m, f, std::move(v)) : r->SetString(m, f, std::move(v));
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t v = 0;
      if (!absl::SimpleAtoi(ToAbsl(value), &v)) return bad("an integer");
      rep ? r->AddInt32(m, f, v) : r->SetInt32(m, f, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t v = 0;
      if (!absl::SimpleAtoi(ToAbsl(value), &v)) return bad("an integer");
      rep ? r->AddInt64(m, f, v) : r->SetInt64(m, f, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t v = 0;
      if (!absl::SimpleAtoi(ToAbsl(value), &v)) return bad("a non-negative integer");
      rep ? r->AddUInt32(m, f, v) : r->SetUInt32(m, f, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t v = 0;
      if (!absl::SimpleAtoi(ToAbsl(value), &v)) return bad("a non-negative integer");
      rep ? r->AddUInt64(m, f, v) : r->SetUInt64(m, f, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      bool v = value == "true" || value == "1";
      if (!v && value != "false" && value != "0") return bad("true or false");
      rep ? r->AddBool(m, f, v) : r->SetBool(m, f, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* e = f->enum_type()->FindValueByName(std::string(value));
      if (e == nullptr) {
        std::string names;
        for (int i = 0; i < f->enum_type()->value_count(); ++i) {
          StrAppend(&names, i ? ", " : "", f->enum_type()->value(i)->name());
        }
        return bad(StrCat("one of ", names));
      }
      rep ? r->AddEnum(m, f, e) : r->SetEnum(m, f, e);
      return absl::OkStatus();
    }
    default:
      return absl::InvalidArgumentError(
          StrCat("parameter ", name, ": this field cannot be given in a query"));
  }
}

absl::Status SetField(Message* m, std::string_view name, std::string_view value) {
  std::vector<std::string> path = absl::StrSplit(ToAbsl(name), '.');
  for (size_t i = 0; i < path.size(); ++i) {
    const Descriptor* d = m->GetDescriptor();
    const FieldDescriptor* f = d->FindFieldByName(path[i]);
    if (f == nullptr) {
      return absl::InvalidArgumentError(StrCat("parameter ", name, ": ", d->name(),
                                               " has no field '", path[i], "'; expected one of ",
                                               FieldNames(d)));
    }
    const bool last = i + 1 == path.size();
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      if (!last) {
        return absl::InvalidArgumentError(
            StrCat("parameter ", name, ": ", path[i], " has no fields"));
      }
      return SetScalar(m, f, name, value);
    }
    const Reflection* r = m->GetReflection();
    Message* sub = f->is_repeated() ? r->AddMessage(m, f) : r->MutableMessage(m, f);
    if (last) {
      // A period (tertial.common.v1.Period, goals' ValuePeriod): a message of year and month.
      const Descriptor* pd = f->message_type();
      const FieldDescriptor* year = pd->FindFieldByName("year");
      const FieldDescriptor* month = pd->FindFieldByName("month");
      if (year == nullptr || month == nullptr || pd->field_count() != 2 ||
          year->cpp_type() != FieldDescriptor::CPPTYPE_INT32 ||
          month->cpp_type() != FieldDescriptor::CPPTYPE_INT32) {
        return absl::InvalidArgumentError(
            StrCat("parameter ", name, ": give its fields (", name, ".<field>): ", FieldNames(pd)));
      }
      absl::StatusOr<period::Period> p = period::ParsePeriod(value);
      if (!p.ok()) {
        return absl::InvalidArgumentError(
            StrCat("parameter ", name, ": expected a period YYYY-MM, not '", value, "'"));
      }
      sub->GetReflection()->SetInt32(sub, year, p->year);
      sub->GetReflection()->SetInt32(sub, month, p->month);
      return absl::OkStatus();
    }
    m = sub;
  }
  return absl::OkStatus();
}

}  // namespace

const std::vector<ApiMethod>& ApiMethods() {
  using forecast::v1::ForecastService;
  using goals::v1::GoalService;
  using ledger::v1::LedgerService;
  using reporting::v1::ReportService;
  static const auto* methods = new std::vector<ApiMethod>{
      Read("ledger", "GetBalances", &LedgerService::Stub::GetBalances),
      Read("ledger", "ListUnits", &LedgerService::Stub::ListUnits),
      Read("ledger", "ListProjects", &LedgerService::Stub::ListProjects),
      Read("ledger", "ListImports", &LedgerService::Stub::ListImports),
      Read("forecast", "GetForecast", &ForecastService::Stub::GetForecast),
      Read("forecast", "ListAdjustments", &ForecastService::Stub::ListAdjustments),
      Read("forecast", "Backtest", &ForecastService::Stub::Backtest),
      Read("forecast", "ListMethodChoices", &ForecastService::Stub::ListMethodChoices),
      Read("goals", "GetGoalReport", &GoalService::Stub::GetGoalReport),
      Read("goals", "GetIndicatorTable", &GoalService::Stub::GetIndicatorTable),
      Read("goals", "GetActivityCounts", &GoalService::Stub::GetActivityCounts),
      Read("goals", "ListActivities", &GoalService::Stub::ListActivities),
      Read("goals", "ListAssignments", &GoalService::Stub::ListAssignments),
      Read("goals", "GetPersonnel", &GoalService::Stub::GetPersonnel),
      Read("goals", "GetValueHistory", &GoalService::Stub::GetValueHistory),
      Read("goals", "ListPlans", &GoalService::Stub::ListPlans),
      Read("goals", "ListImports", &GoalService::Stub::ListImports),
      Read("reporting", "ListReports", &ReportService::Stub::ListReports),
      Read("reporting", "Validate", &ReportService::Stub::Validate),
  };
  return *methods;
}

const ApiMethod* FindApiMethod(std::string_view service, std::string_view method) {
  for (const ApiMethod& m : ApiMethods()) {
    if (m.service == service && m.method == method) return &m;
  }
  return nullptr;
}

absl::Status RequestFromQuery(const QueryParams& params, const grpcutil::Principal& caller,
                              google::protobuf::Message* request) {
  if (params.size() > kMaxParams) {
    return absl::InvalidArgumentError(StrCat("at most ", kMaxParams, " parameters"));
  }
  for (const auto& [name, value] : params) {
    if (absl::Status s = SetField(request, name, value); !s.ok()) return s;
  }
  const FieldDescriptor* org = request->GetDescriptor()->FindFieldByName("organisation");
  if (org == nullptr || org->cpp_type() != FieldDescriptor::CPPTYPE_STRING || org->is_repeated() ||
      caller.organisation == "*") {
    return absl::OkStatus();
  }
  const Reflection* r = request->GetReflection();
  const std::string asked = r->GetString(*request, org);
  if (asked.empty()) {
    r->SetString(request, org, caller.organisation);
  } else if (asked != caller.organisation) {
    return absl::PermissionDeniedError(
        StrCat(caller.subject, " has no access to organisation ", asked));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string out;
  auto status = google::protobuf::util::MessageToJsonString(message, &out, options);
  if (!status.ok()) return absl::InternalError(std::string(status.message()));
  return out;
}

}  // namespace tertial::web
