#include "domain/retraction.h"

#include <algorithm>
#include <limits>

#include "domain/convert.h"
#include "domain/sie_event_builder.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"

namespace tertial::ledger {

absl::Status CheckReason(std::string_view reason) {
  if (reason.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return absl::InvalidArgumentError(
        "reason: expected why (it stays in the log with who and when), e.g. --reason "
        "\"wrong file: the August ledger of 2020\"");
  }
  if (reason.size() > kMaxReasonBytes) {
    return absl::InvalidArgumentError(
        StrCat("reason: ", reason.size(), " bytes; at most ", kMaxReasonBytes, " are kept"));
  }
  return absl::OkStatus();
}

std::string RetractionId(std::string_view organisation, std::string_view import_id) {
  return DeterministicUuid(StrCat("retract/", organisation, "/", import_id));
}

absl::Status CheckRetractable(const v1::ImportCompleted& import) {
  if (import.budget_lines() > 0) {
    return absl::FailedPreconditionError(StrCat(
        "import ", import.import_id(), " (", import.file_name(), ") set ", import.budget_lines(),
        " budget lines, which cannot be retracted: the ledger keeps the budget each cell has "
        "now, not what the import replaced; import a budget file with the values wanted "
        "instead"));
  }
  if (import.vouchers() == 0) {
    return absl::FailedPreconditionError(
        StrCat("import ", import.import_id(), " (", import.file_name(),
               ") posted no vouchers: it only defined units, projects, accounts or objects, "
               "and definitions are not retracted (import the file with the definitions "
               "wanted instead)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::VoucherPosted> CompensationOf(const v1::VoucherPosted& original,
                                                 std::string_view retraction_id) {
  v1::VoucherPosted out;
  out.set_fiscal_year(original.fiscal_year());
  out.set_series(original.series());
  out.set_number(original.number());
  *out.mutable_date() = original.date();
  out.set_text(original.text());
  if (original.has_registered()) *out.mutable_registered() = original.registered();
  out.set_signature(original.signature());
  out.set_import_id(original.import_id());
  out.set_source_line(original.source_line());
  out.set_number_repeated(original.number_repeated());
  // A voucher posted alone is named by these too (PostVouchers' index frees them).
  out.set_sender_id(original.sender_id());
  out.set_content_sha256(original.content_sha256());
  out.set_retraction_id(std::string(retraction_id));
  for (const v1::Transaction& t : original.transactions()) {
    if (!chart::Counts(t)) continue;
    if (t.amount_ore() == std::numeric_limits<int64_t>::min()) {
      return absl::OutOfRangeError(StrCat("voucher ", original.series(), " ", original.number(),
                                          ": an amount that cannot be negated"));
    }
    v1::Transaction* negated = out.add_transactions();
    *negated = t;
    negated->set_amount_ore(-t.amount_ore());
  }
  return out;
}

std::string CompensationAggregateKey(const v1::VoucherPosted& compensation) {
  return StrCat("retraction/", compensation.retraction_id(), "/",
                VoucherAggregateKey(compensation));
}

absl::Status CheckPeriodsOpen(const LedgerView& view, std::string_view organisation,
                              const v1::ImportCompleted& import,
                              const std::set<period::Period>& periods) {
  for (const period::Period& p : periods) {
    std::optional<period::Period> closing = ClosingOf(view, FiscalYearOf(view, p), p);
    if (!closing) continue;
    std::string why = StrCat("period ", period::FormatPeriod(p), ", which is closed");
    if (*closing != p) {
      StrAppend(&why, " (closing ", period::FormatPeriod(*closing),
                " closed its fiscal year's months up to it)");
    }
    return absl::FailedPreconditionError(StrCat("cannot retract import ", import.import_id(), " (",
                                                import.file_name(), "): it posted into ", why,
                                                "; a controller reopens it first: tertial "
                                                "reopen-period --org ",
                                                organisation, " --period ", period::FormatPeriod(p),
                                                " --reason \"...\""));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::PeriodReopened> DecideReopen(const period::FiscalYear& year,
                                                const std::vector<period::Period>& closed,
                                                const period::Period& p, std::string_view reason) {
  if (absl::Status s = CheckReason(reason); !s.ok()) return s;
  std::vector<period::Period> in_year;
  for (const period::Period& c : closed) {
    if (year.Contains(c)) in_year.push_back(c);
  }
  std::sort(in_year.begin(), in_year.end());
  if (in_year.empty() || !chart::ClosedBy(year, in_year.back(), p)) {
    return absl::FailedPreconditionError(
        StrCat("period ", period::FormatPeriod(p), " is not closed",
               in_year.empty() ? std::string(" (no month of its fiscal year is)")
                               : StrCat(" (its fiscal year is closed through ",
                                        period::FormatPeriod(in_year.back()), ")"),
               "; nothing to reopen"));
  }
  v1::PeriodReopened reopened;
  ToProto(p, reopened.mutable_period());
  reopened.set_reason(std::string(reason));
  reopened.set_fiscal_year(year.label());
  for (const period::Period& c : in_year) {
    if (c >= p) ToProto(c, reopened.add_reopened());
  }
  if (year.Contains(p.Prev())) ToProto(p.Prev(), reopened.mutable_closed_through());
  return reopened;
}

}  // namespace tertial::ledger
