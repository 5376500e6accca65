// tertial forecast adjust, withdraw and adjustments: the controller's manual adjustments
// of a forecast (amount, reason, author), one at a time or a file of them.

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "absl/strings/numbers.h"
#include "commands_forecast.h"
#include "output.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"
#include "tertial/money/money.h"
#include "tertial/period/period.h"
#include "tertial/period/proto.h"

namespace tertial::cli::forecast_commands {
namespace {

namespace v1 = ::tertial::forecast::v1;

std::string Time(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0) return "";
  std::time_t seconds = static_cast<std::time_t>(t.seconds());
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%d %H:%M", &tm);
  return buffer;
}

}  // namespace

int RunAdjust(const std::vector<std::string>& args) {
  ForecastFlags f;
  std::string file, unit, project, side, amount, amount_ore, reason, expires_after, id;
  config::FlagSet flags("tertial forecast adjust");
  AddForecastFlags(flags, &f, true);
  flags.String("file", &file, "adjustments.csv (docs/formats.md): all rows or none",
               {.path = true});
  flags.String("unit", &unit, "the unit (for costs and revenues)");
  flags.String("project", &project, "the project (for investment_spending and investment_income)");
  flags.String("side", &side, "costs, revenues, investment_spending or investment_income");
  flags.String("amount", &amount,
               "kronor, SIE sign (a cost increase positive), e.g. 4000000 or -1234,50");
  flags.String("amount-ore", &amount_ore, "the amount in öre instead of kronor");
  flags.String("reason", &reason, "why; shown in the report");
  flags.String("expires-after", &expires_after,
               "YYYY-MM: no longer applies to forecasts as of later periods");
  flags.String("id", &id, "adjustment id, so that a retry makes nothing twice; default: a new one");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (absl::Status s = NoPositional(*rest); !s.ok()) return Fail(s);

  v1::AdjustRequest request;
  request.set_organisation(f.org);
  request.set_fiscal_year(static_cast<int32_t>(f.year));
  request.set_actor(f.global.actor);
  if (!file.empty()) {
    if (!unit.empty() || !project.empty() || !side.empty() || !amount.empty() ||
        !amount_ore.empty() || !reason.empty() || !expires_after.empty() || !id.empty()) {
      return Fail(absl::InvalidArgumentError(
          "--file takes its adjustments from the file; give no other adjustment flags"));
    }
    absl::StatusOr<std::string> content = ReadFile(file);
    if (!content.ok()) return Fail(content.status());
    request.set_csv(*content);
    request.set_file_name(ValidUtf8(std::filesystem::path(file).filename().string()));
  } else {
    v1::AdjustmentInput* in = request.add_adjustments();
    in->set_unit_id(unit);
    in->set_project_id(project);
    in->set_reason(reason);
    in->set_adjustment_id(id);
    if (side.empty()) return Fail(absl::InvalidArgumentError("--side: required (or give --file)"));
    v1::Side parsed = v1::SIDE_UNSPECIFIED;
    for (auto [name, value] : {std::pair{"costs", v1::SIDE_COSTS},
                               {"revenues", v1::SIDE_REVENUES},
                               {"investment_spending", v1::SIDE_INVESTMENT_SPENDING},
                               {"investment_income", v1::SIDE_INVESTMENT_INCOME}}) {
      if (side == name) parsed = value;
    }
    if (parsed == v1::SIDE_UNSPECIFIED) {
      return Fail(absl::InvalidArgumentError(
          StrCat("--side ", side,
                 ": expected costs, revenues, investment_spending or investment_income")));
    }
    in->set_side(parsed);
    if (amount.empty() == amount_ore.empty()) {
      return Fail(
          absl::InvalidArgumentError("give --amount (kronor) or --amount-ore, one of them"));
    }
    if (!amount.empty()) {
      absl::StatusOr<int64_t> ore = money::ParseKronor(amount);
      if (!ore.ok())
        return Fail(
            absl::InvalidArgumentError(StrCat("--amount ", amount, ": ", ore.status().message())));
      in->set_amount_ore(*ore);
    } else {
      int64_t ore = 0;
      if (!absl::SimpleAtoi(ToAbsl(amount_ore), &ore)) {
        return Fail(absl::InvalidArgumentError(
            StrCat("--amount-ore ", amount_ore, ": expected an integer")));
      }
      in->set_amount_ore(ore);
    }
    if (!expires_after.empty()) {
      absl::StatusOr<period::Period> p = period::ParsePeriod(expires_after);
      if (!p.ok())
        return Fail(absl::InvalidArgumentError(
            StrCat("--expires-after ", expires_after, ": expected YYYY-MM")));
      period::ToProto(*p, in->mutable_expires_after());
    }
  }
  absl::StatusOr<ForecastClient> client = ForecastClient::Open(f.global, "forecast");
  if (!client.ok()) return Fail(client.status());
  v1::AdjustResponse response;
  if (absl::Status s = client->Call(&v1::ForecastService::Stub::Adjust, request, &response);
      !s.ok()) {
    return Fail(s);
  }
  if (response.made() == 0) {
    std::printf("nothing new: %d adjustment%s already made\n", response.already_made(),
                response.already_made() == 1 ? " was" : "s were");
  } else {
    std::printf("made %d adjustment%s", response.made(), response.made() == 1 ? "" : "s");
    if (response.already_made() > 0) std::printf(" (%d already made)", response.already_made());
    std::printf("\n");
  }
  for (const std::string& made_id : response.adjustment_ids()) std::printf("%s\n", made_id.c_str());
  return 0;
}

int RunWithdraw(const std::vector<std::string>& args) {
  ForecastFlags f;
  std::string id, reason;
  config::FlagSet flags("tertial forecast withdraw");
  AddForecastFlags(flags, &f, false);
  flags.String("id", &id, "the adjustment to withdraw", {.required = true});
  flags.String("reason", &reason, "why it no longer holds", {.required = true});
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (absl::Status s = NoPositional(*rest); !s.ok()) return Fail(s);
  v1::WithdrawAdjustmentRequest request;
  request.set_organisation(f.org);
  request.set_adjustment_id(id);
  request.set_reason(reason);
  request.set_actor(f.global.actor);
  absl::StatusOr<ForecastClient> client = ForecastClient::Open(f.global, "forecast");
  if (!client.ok()) return Fail(client.status());
  v1::WithdrawAdjustmentResponse response;
  if (absl::Status s =
          client->Call(&v1::ForecastService::Stub::WithdrawAdjustment, request, &response);
      !s.ok()) {
    return Fail(s);
  }
  std::printf(response.already_withdrawn() ? "%s was already withdrawn\n" : "withdrew %s\n",
              id.c_str());
  return 0;
}

int RunAdjustments(const std::vector<std::string>& args) {
  ForecastFlags f;
  bool all = false;
  config::FlagSet flags("tertial forecast adjustments");
  AddForecastFlags(flags, &f, false);
  flags.Bool("all", &all, "include withdrawn adjustments");
  auto rest = flags.Parse(args);
  if (!rest.ok()) return Fail(rest.status());
  if (absl::Status s = NoPositional(*rest); !s.ok()) return Fail(s);
  v1::ListAdjustmentsRequest request;
  request.set_organisation(f.org);
  request.set_fiscal_year(static_cast<int32_t>(f.year));
  request.set_include_withdrawn(all);
  absl::StatusOr<ForecastClient> client = ForecastClient::Open(f.global, "forecast");
  if (!client.ok()) return Fail(client.status());
  v1::ListAdjustmentsResponse response;
  if (absl::Status s =
          client->Call(&v1::ForecastService::Stub::ListAdjustments, request, &response);
      !s.ok()) {
    return Fail(s);
  }
  Table table({{"adjustment_id", "Id"},
               {"fiscal_year", "År"},
               {"unit", "Enhet"},
               {"project", "Projekt"},
               {"side", "Sida"},
               {"amount_ore", "Belopp (tkr)"},
               {"reason", "Skäl"},
               {"expires_after", "Gäller t.o.m."},
               {"actor", "Av"},
               {"made_at", "När"},
               {"source", "Källa"},
               {"withdrawn", "Återtagen"},
               {"withdrawal_reason", "Skäl för återtagande"}});
  for (const v1::Adjustment& a : response.adjustments()) {
    const v1::AdjustmentMade& m = a.made();
    table.AddRow({Cell::Text(m.adjustment_id()), Cell::Year(m.fiscal_year()),
                  Cell::Text(m.unit_id()), Cell::Text(m.project_id()),
                  Cell::Text(SideText(m.side())), Cell::Ore(m.amount_ore()), Cell::Text(m.reason()),
                  m.has_expires_after()
                      ? Cell::Text(period::FormatPeriod(period::FromProto(m.expires_after())))
                      : Cell::Empty(),
                  Cell::Text(m.actor()), Cell::Text(Time(a.made_at())), Cell::Text(m.source()),
                  Cell::Flag(a.withdrawn()), Cell::Text(a.withdrawal_reason())});
  }
  table.Print(f.global.format, std::cout);
  return 0;
}

}  // namespace tertial::cli::forecast_commands
