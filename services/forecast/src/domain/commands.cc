#include "domain/commands.h"

#include <map>
#include <optional>
#include <set>

#include "absl/strings/numbers.h"
#include "domain/method.h"
#include "tertial/base/strings.h"
#include "tertial/base/text.h"
#include "tertial/csv/header.h"
#include "tertial/csv/reader.h"
#include "tertial/money/money.h"

namespace tertial::forecast {
namespace {

// Collects the problems of a command or file so that the user sees them all at once.
class Issues {
 public:
  void Add(std::string_view where, std::string_view field, std::string_view message) {
    ++count_;
    if (listed_.size() < kMaxListed) {
      listed_.push_back(field.empty() ? StrCat(where, ": ", message)
                                      : StrCat(where, ": ", field, ": ", message));
    }
  }
  bool empty() const { return count_ == 0; }
  absl::Status ToStatus(absl::StatusCode code, std::string_view what) const {
    std::string message =
        StrCat(what, ": ", count_, count_ == 1 ? " error" : " errors", "; nothing was saved");
    for (const std::string& line : listed_) StrAppend(&message, "\n  ", line);
    if (count_ > listed_.size())
      StrAppend(&message, "\n  ... and ", count_ - listed_.size(), " more");
    return absl::Status(code, message);
  }

 private:
  static constexpr size_t kMaxListed = 20;
  size_t count_ = 0;
  std::vector<std::string> listed_;
};

std::string Where(const AdjustmentDraft& d, size_t index) {
  return d.file.empty() ? StrCat("adjustment ", index + 1) : StrCat(d.file, ":", d.line);
}

bool SameContent(const AdjustmentRecord& a, const v1::AdjustmentMade& b) {
  std::optional<period::Period> expires;
  if (b.has_expires_after())
    expires = period::Period{b.expires_after().year(), b.expires_after().month()};
  return a.fiscal_year == b.fiscal_year() && a.unit_id == b.unit_id() &&
         a.project_id == b.project_id() && static_cast<int>(a.side) == static_cast<int>(b.side()) &&
         a.amount_ore == b.amount_ore() && a.reason == b.reason() && a.expires_after == expires;
}

bool ValidYear(int year) { return year >= 1900 && year <= 2200; }

}  // namespace

std::string_view SideName(AdjustmentSide side) {
  switch (side) {
    case AdjustmentSide::kCosts:
      return "costs";
    case AdjustmentSide::kRevenues:
      return "revenues";
    case AdjustmentSide::kInvestmentSpending:
      return "investment_spending";
    case AdjustmentSide::kInvestmentIncome:
      return "investment_income";
  }
  return "costs";
}

absl::StatusOr<AdjustmentSide> ParseSide(std::string_view name) {
  for (AdjustmentSide side :
       {AdjustmentSide::kCosts, AdjustmentSide::kRevenues, AdjustmentSide::kInvestmentSpending,
        AdjustmentSide::kInvestmentIncome}) {
    if (SideName(side) == name) return side;
  }
  return absl::InvalidArgumentError(
      StrCat("'", name, "': expected costs, revenues, investment_spending or investment_income"));
}

absl::StatusOr<AdjustDecision> DecideAdjust(const OrgModel& state, const AdjustCommand& command) {
  Issues issues;
  bool conflict_only = true;
  if (!ValidYear(command.fiscal_year)) {
    return absl::InvalidArgumentError(
        StrCat("fiscal year ", command.fiscal_year, ": expected a year such as 2021"));
  }
  if (command.drafts.empty()) return absl::InvalidArgumentError("no adjustments given");
  const period::FiscalYear fy = state.FiscalYearOf(command.fiscal_year);
  AdjustDecision decision;
  std::set<std::string> seen;
  for (size_t i = 0; i < command.drafts.size(); ++i) {
    const AdjustmentDraft& d = command.drafts[i];
    const std::string where = Where(d, i);
    size_t before = 0;
    auto problem = [&](std::string_view field, std::string_view message) {
      issues.Add(where, field, message);
      conflict_only = false;
      ++before;
    };
    if (d.adjustment_id.empty()) problem("adjustment_id", "is empty");
    if (!seen.insert(d.adjustment_id).second)
      problem("adjustment_id", StrCat("'", d.adjustment_id, "' appears twice"));
    if (!d.side)
      problem("side", "expected costs, revenues, investment_spending or investment_income");
    if (d.amount_ore == 0) problem("amount", "must not be zero");
    if (d.amount_ore > money::kMaxAbsOre || d.amount_ore < -money::kMaxAbsOre)
      problem("amount", "is absurdly large");
    if (d.reason.empty())
      problem("reason", "is required: it is shown in the report beside the amount");
    std::string unit_id = d.unit_id;
    bool investment = d.side && (*d.side == AdjustmentSide::kInvestmentSpending ||
                                 *d.side == AdjustmentSide::kInvestmentIncome);
    if (d.side && !investment) {
      if (d.unit_id.empty()) {
        problem("unit_id", StrCat("is required for side ", SideName(*d.side)));
      } else if (!state.UnitIndex(d.unit_id)) {
        problem("unit_id",
                StrCat("no unit '", d.unit_id, "' in organisation ", state.organisation()));
      }
      if (!d.project_id.empty()) problem("project_id", "is only for the investment sides");
    }
    if (investment) {
      if (d.project_id.empty()) {
        problem("project_id", StrCat("is required for side ", SideName(*d.side)));
      } else if (!state.ProjectKnown(d.project_id, command.fiscal_year)) {
        problem("project_id",
                StrCat("no project '", d.project_id, "' in organisation ", state.organisation()));
      } else {
        std::string project_unit = state.ProjectUnit(d.project_id);
        if (unit_id.empty()) {
          unit_id = project_unit;
        } else if (!project_unit.empty() && project_unit != unit_id) {
          problem("unit_id", StrCat("project ", d.project_id, " belongs to unit ", project_unit,
                                    ", not ", unit_id));
        } else if (!state.UnitIndex(unit_id)) {
          problem("unit_id",
                  StrCat("no unit '", unit_id, "' in organisation ", state.organisation()));
        }
      }
    }
    if (d.expires_after) {
      if (d.expires_after->month < 1 || d.expires_after->month > 12) {
        problem("expires_after", "expected a period YYYY-MM");
      } else if (*d.expires_after < fy.Periods().first) {
        problem("expires_after",
                StrCat(period::FormatPeriod(*d.expires_after), " is before fiscal year ",
                       command.fiscal_year, " starts: the adjustment would never apply"));
      }
    }
    if (before > 0) continue;

    v1::AdjustmentMade event;
    event.set_adjustment_id(d.adjustment_id);
    event.set_fiscal_year(command.fiscal_year);
    event.set_unit_id(unit_id);
    event.set_project_id(d.project_id);
    event.set_side(static_cast<v1::Side>(static_cast<int>(*d.side)));
    event.set_amount_ore(d.amount_ore);
    event.set_reason(d.reason);
    if (d.expires_after) {
      event.mutable_expires_after()->set_year(d.expires_after->year);
      event.mutable_expires_after()->set_month(d.expires_after->month);
    }
    event.set_actor(command.actor);
    if (!d.file.empty()) event.set_source(StrCat(d.file, ":", d.line));
    decision.ids.push_back(d.adjustment_id);
    if (const AdjustmentRecord* existing = state.FindAdjustment(d.adjustment_id)) {
      if (SameContent(*existing, event)) {
        ++decision.already_made;
      } else {
        issues.Add(where, "adjustment_id",
                   StrCat("'", d.adjustment_id,
                          "' already exists with other content; adjustments "
                          "are never edited: withdraw it and make a new one"));
      }
      continue;
    }
    decision.events.push_back(std::move(event));
  }
  if (!issues.empty()) {
    return issues.ToStatus(
        conflict_only ? absl::StatusCode::kAlreadyExists : absl::StatusCode::kInvalidArgument,
        "adjustments refused");
  }
  return decision;
}

absl::StatusOr<std::optional<v1::AdjustmentWithdrawn>> DecideWithdraw(
    const OrgModel& state, std::string_view adjustment_id, std::string_view reason,
    std::string_view actor) {
  const AdjustmentRecord* existing = state.FindAdjustment(adjustment_id);
  if (existing == nullptr) {
    return absl::NotFoundError(
        StrCat("organisation ", state.organisation(), " has no adjustment '", adjustment_id, "'"));
  }
  if (reason.empty()) {
    return absl::InvalidArgumentError("reason: required; say why the adjustment no longer holds");
  }
  if (existing->withdrawn) return std::nullopt;
  v1::AdjustmentWithdrawn event;
  event.set_adjustment_id(std::string(adjustment_id));
  event.set_reason(std::string(reason));
  event.set_actor(std::string(actor));
  return event;
}

absl::StatusOr<std::optional<v1::MethodChosen>> DecideChooseMethod(const OrgModel& state,
                                                                   int fiscal_year,
                                                                   std::string_view unit_id,
                                                                   std::string_view method,
                                                                   std::string_view actor) {
  if (!ValidYear(fiscal_year)) {
    return absl::InvalidArgumentError(
        StrCat("fiscal year ", fiscal_year, ": expected a year such as 2021"));
  }
  absl::StatusOr<Method> parsed = ParseMethod(method);
  if (!parsed.ok()) return parsed.status();
  if (!unit_id.empty() && !state.UnitIndex(unit_id)) {
    return absl::NotFoundError(
        StrCat("organisation ", state.organisation(), " has no unit '", unit_id, "'"));
  }
  auto current = state.method_choices().find({fiscal_year, std::string(unit_id)});
  bool unchanged = current == state.method_choices().end()
                       ? *parsed == Method::kAuto && unit_id.empty()
                       : current->second == *parsed;
  if (unchanged) return std::nullopt;
  v1::MethodChosen event;
  event.set_fiscal_year(fiscal_year);
  event.set_unit_id(std::string(unit_id));
  event.set_method(std::string(MethodName(*parsed)));
  event.set_actor(std::string(actor));
  return event;
}

absl::StatusOr<std::vector<AdjustmentDraft>> ParseAdjustmentsCsv(std::string_view content,
                                                                 std::string_view file_name) {
  csv::Reader reader(content, std::string(file_name));
  absl::StatusOr<std::optional<csv::Record>> header_row = reader.Next();
  if (!header_row.ok()) return header_row.status();
  if (!header_row->has_value()) {
    return absl::InvalidArgumentError(StrCat(file_name, ": empty file; expected a header line"));
  }
  Issues issues;
  static const csv::HeaderSpec kSpec{
      {"side", "reason"}, {"unit_id", "project_id", "expires_after"}, {{"amount_ore", "amount"}}};
  std::vector<csv::HeaderProblem> problems;
  csv::Header header = csv::Header::Read(**header_row, kSpec, &problems);
  for (const csv::HeaderProblem& p : problems) {
    issues.Add(p.column > 0 ? StrCat(file_name, ":", p.line, ":", p.column)
                            : StrCat(file_name, ":", p.line),
               p.name, p.message);
  }
  const bool has_ore = header.Has("amount_ore");
  if (!header.Has("unit_id") && !header.Has("project_id")) {
    issues.Add(StrCat(file_name, ":", header.line()), "unit_id",
               "missing column (unit_id, or project_id for investments)");
  }
  if (!issues.empty()) return issues.ToStatus(absl::StatusCode::kInvalidArgument, file_name);

  std::vector<AdjustmentDraft> drafts;
  for (;;) {
    absl::StatusOr<std::optional<csv::Record>> next = reader.Next();
    if (!next.ok()) return next.status();
    if (!next->has_value()) break;
    const csv::Record& row = **next;
    bool blank = true;
    for (const std::string& f : row.fields) blank = blank && f.empty();
    if (blank) continue;
    const std::string where = StrCat(file_name, ":", row.line);
    if (row.fields.size() != header.size()) {
      issues.Add(where, "",
                 StrCat("expected ", header.size(), " fields as in the header, found ",
                        row.fields.size()));
      continue;
    }
    auto field = [&](const char* name) -> std::string { return header.Get(row, name); };
    AdjustmentDraft d;
    d.file = std::string(file_name);
    d.line = row.line;
    d.unit_id = field("unit_id");
    d.project_id = field("project_id");
    d.reason = field("reason");
    if (std::string problem = text::ProblemOf(d.reason, text::Kind::kParagraph); !problem.empty()) {
      issues.Add(where, "reason", std::move(problem));
    }
    absl::StatusOr<AdjustmentSide> side = ParseSide(field("side"));
    if (side.ok()) {
      d.side = *side;
    } else {
      issues.Add(where, "side", std::string(side.status().message()));
    }
    if (has_ore) {
      std::string text = field("amount_ore");
      if (!absl::SimpleAtoi(ToAbsl(text), &d.amount_ore)) {
        issues.Add(where, "amount_ore", StrCat("'", text, "': expected an integer number of öre"));
      }
    } else {
      absl::StatusOr<int64_t> ore = money::ParseKronor(field("amount"));
      if (ore.ok()) {
        d.amount_ore = *ore;
      } else {
        issues.Add(where, "amount", StrCat("'", field("amount"), "': ", ore.status().message()));
      }
    }
    std::string expires = field("expires_after");
    if (!expires.empty()) {
      absl::StatusOr<period::Period> p = period::ParsePeriod(expires);
      if (p.ok()) {
        d.expires_after = *p;
      } else {
        issues.Add(where, "expires_after", StrCat("'", expires, "': expected a period YYYY-MM"));
      }
    }
    drafts.push_back(std::move(d));
  }
  if (!issues.empty()) return issues.ToStatus(absl::StatusCode::kInvalidArgument, file_name);
  if (drafts.empty())
    return absl::InvalidArgumentError(StrCat(file_name, ": no adjustments in the file"));
  return drafts;
}

}  // namespace tertial::forecast
