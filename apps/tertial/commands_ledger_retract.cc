// The controller's corrections of the ledger: `tertial import retract` takes back a whole
// import with compensating events, `tertial reopen-period` reopens a closed month, each
// with a reason that stays in the log beside who and when (services/ledger/README.md,
// "Retracting an import").

#include <cstdio>
#include <ctime>
#include <iostream>

#include "commands_ledger.h"
#include "output.h"
#include "tertial/base/strings.h"
#include "tertial/period/period.h"
#include "tertial/period/proto.h"

namespace tertial::cli::ledger_commands {
namespace {

namespace v1 = ::tertial::ledger::v1;

std::string Time(int64_t seconds) {
  if (seconds == 0) return "";
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string Periods(const google::protobuf::RepeatedPtrField<common::v1::Period>& periods) {
  std::string out;
  for (const common::v1::Period& p : periods) {
    StrAppend(&out, out.empty() ? "" : " ", period::FormatPeriod(period::FromProto(p)));
  }
  return out;
}

}  // namespace

int RunImportRetract(const std::vector<std::string>& args) {
  GlobalOptions global;
  std::string organisation, reason;
  config::FlagSet flags("tertial import retract");
  AddGlobalFlags(flags, &global);
  flags.String("org", &organisation, "kommunkod", {.env = "TERTIAL_ORG", .required = true});
  flags.String("reason", &reason, "why the import is taken back (kept in the log)",
               {.required = true});
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (rest->size() != 1) {
    return Fail(absl::InvalidArgumentError(
        "usage: tertial import retract --org KOD IMPORT_ID --reason \"...\" (the ids: tertial "
        "imports)"));
  }
  absl::StatusOr<LedgerClient> client = LedgerClient::Open(global, "ledger");
  if (!client.ok()) return Fail(client.status());
  v1::RetractImportRequest request;
  request.set_organisation(organisation);
  request.set_import_id((*rest)[0]);
  request.set_reason(reason);
  request.set_actor(global.actor);
  v1::RetractImportResponse response;
  if (absl::Status s = client->Call(&LedgerClient::Stub::RetractImport, request, &response,
                                    {.deadline = kLongCallDeadline});
      !s.ok()) {
    return Fail(s);
  }
  const v1::Retraction& r = response.retraction();
  if (response.already_retracted()) {
    std::fprintf(stderr, "tertial import retract: %s was retracted before; nothing changed\n",
                 r.event().import_id().c_str());
  }
  Table table({{"import_id", "Import"},
               {"file", "File"},
               {"vouchers", "Vouchers"},
               {"transactions", "Transactions"},
               {"periods", "Periods"},
               {"retracted_by", "Retracted by"},
               {"retracted_at", "Retracted at (UTC)"},
               {"reason", "Reason"},
               {"status", "Status"}});
  table.AddRow({Cell::Text(r.event().import_id()), Cell::Text(r.event().file_name()),
                Cell::Int(r.event().vouchers()), Cell::Int(r.event().transactions()),
                Cell::Text(Periods(r.event().periods())), Cell::Text(r.actor()),
                Cell::Text(Time(r.retracted_at_seconds())), Cell::Text(r.event().reason()),
                Cell::Text(response.already_retracted() ? "already retracted" : "retracted")});
  table.Print(global.format, std::cout);
  return 0;
}

int RunReopenPeriod(const std::vector<std::string>& args) {
  GlobalOptions global;
  std::string organisation, period_text, reason;
  config::FlagSet flags("tertial reopen-period");
  AddGlobalFlags(flags, &global);
  flags.String("org", &organisation, "kommunkod", {.env = "TERTIAL_ORG", .required = true});
  flags.String("period", &period_text, "the month to reopen, YYYY-MM (or give it as argument)");
  flags.String("reason", &reason, "why it is reopened (kept in the log)", {.required = true});
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (period_text.empty() && rest->size() == 1) period_text = (*rest)[0];
  if (period_text.empty() || rest->size() > 1 || (!rest->empty() && flags.IsSet("period"))) {
    return Fail(absl::InvalidArgumentError(
        "usage: tertial reopen-period --org KOD --period YYYY-MM --reason \"...\""));
  }
  absl::StatusOr<period::Period> p = period::ParsePeriod(period_text);
  if (!p.ok()) return Fail(absl::InvalidArgumentError(StrCat("--period: ", p.status().message())));
  absl::StatusOr<LedgerClient> client = LedgerClient::Open(global, "ledger");
  if (!client.ok()) return Fail(client.status());
  v1::ReopenPeriodRequest request;
  request.set_organisation(organisation);
  period::ToProto(*p, request.mutable_period());
  request.set_reason(reason);
  request.set_actor(global.actor);
  v1::ReopenPeriodResponse response;
  if (absl::Status s = client->Call(&LedgerClient::Stub::ReopenPeriod, request, &response);
      !s.ok()) {
    return Fail(s);
  }
  const v1::PeriodReopened& r = response.reopened();
  Table table({{"organisation", "Organisation"},
               {"period", "Period"},
               {"reopened", "Closings reopened"},
               {"closed_through", "Still closed through"},
               {"reason", "Reason"}});
  table.AddRow({Cell::Text(organisation), Cell::Text(period::FormatPeriod(*p)),
                Cell::Text(Periods(r.reopened())),
                Cell::Text(r.has_closed_through()
                               ? period::FormatPeriod(period::FromProto(r.closed_through()))
                               : ""),
                Cell::Text(r.reason())});
  table.Print(global.format, std::cout);
  return 0;
}

}  // namespace tertial::cli::ledger_commands
