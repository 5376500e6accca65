#include "domain/voucher_rules.h"

#include "absl/numeric/int128.h"
#include "tertial/base/ids.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"
#include "tertial/chart/posting.h"
#include "tertial/money/money.h"

namespace tertial::ledger {

using period::FiscalYear;
using period::Period;

bool ReservedDimension(int dimension) { return dimension >= 1 && dimension <= 19; }

std::string ObjectIdError(int dimension, std::string_view id, std::string_view problem) {
  return StrCat(dimension == 1 ? "unit" : "project", " id '", ValidUtf8(id), "' (dimension ",
                dimension, "): ", problem, "; expected ", ids::Expected());
}

std::string FormatRange(const FiscalYear& year) {
  return StrCat(period::FormatDate(year.start()), "..", period::FormatDate(year.end()));
}

std::string VoucherName(std::string_view series, std::string_view number) {
  return StrCat("voucher ", series.empty() ? "\"\"" : series, " ", number);
}

VoucherRules::VoucherRules(VoucherPolicy policy, std::string source, Issues* issues)
    : policy_(std::move(policy)), source_(std::move(source)), issues_(issues) {}

void VoucherRules::Error(int line, std::string field, std::string message) {
  issues_->Error(source_, line, std::move(field), std::move(message));
}

void VoucherRules::Warning(int line, std::string field, std::string message) {
  issues_->Warning(source_, line, std::move(field), std::move(message));
}

std::optional<Period> VoucherRules::ClosingOf(const FiscalYear& year, const Period& p) {
  auto it = latest_closed_.find(year.label());
  if (it == latest_closed_.end()) {
    it = latest_closed_.emplace(year.label(), view_->LatestClosed(year)).first;
  }
  if (it->second && chart::ClosedBy(year, *it->second, p)) return it->second;
  return std::nullopt;
}

bool VoucherRules::AnyPostedIn(int fiscal_year) {
  auto it = posted_years_.find(fiscal_year);
  if (it == posted_years_.end()) {
    it =
        posted_years_.emplace(fiscal_year, view_ != nullptr && view_->AnyVoucherPosted(fiscal_year))
            .first;
  }
  return it->second;
}

void VoucherRules::CheckAccount(const std::string& account, int line, std::string_view field) {
  if (account.empty()) {
    Error(line, std::string(field), "expected an account number");
    return;
  }
  // Known accounts are remembered: a file uses a few hundred accounts millions of times.
  if (known_accounts_.contains(account)) return;
  if (defined_.accounts.count(account) > 0 || (view_ != nullptr && view_->Account(account))) {
    known_accounts_.insert(account);
    return;
  }
  Use& use = unknown_accounts_[account];
  if (use.count++ == 0) {
    use.line = line;
    use.field = std::string(field);
  }
}

void VoucherRules::UseUndeclaredDimension(int dimension, int line) {
  Use& use = unknown_dimensions_[dimension];
  if (use.count++ == 0) use.line = line;
}

void VoucherRules::CheckObjects(const std::vector<sie::ObjectRef>& objects, int line) {
  for (const sie::ObjectRef& object : objects) {
    if (object.object_id.empty()) {
      Error(line, "objects", StrCat("dimension ", object.dimension, ": expected an object id"));
      continue;
    }
    object_key_.assign(reinterpret_cast<const char*>(&object.dimension), sizeof(object.dimension));
    object_key_.append(object.object_id);
    if (known_objects_.contains(object_key_)) continue;
    if (object.dimension == kUnitDimension || object.dimension == kProjectDimension) {
      // Units and projects become keys and file names: one grammar (tertial/base/ids.h).
      if (std::string problem = ids::Problem(object.object_id); !problem.empty()) {
        Error(line, "objects", ObjectIdError(object.dimension, object.object_id, problem));
        known_objects_.insert(object_key_);  // said once
        continue;
      }
    }
    bool dimension_known = ReservedDimension(object.dimension) ||
                           defined_.dimensions.count(object.dimension) > 0 ||
                           (view_ != nullptr && view_->HasDimension(object.dimension));
    if (!dimension_known) UseUndeclaredDimension(object.dimension, line);
    std::pair<int, std::string> key(object.dimension, object.object_id);
    if (defined_.objects.count(key) > 0 ||
        (view_ != nullptr && view_->Object(object.dimension, object.object_id))) {
      if (dimension_known) known_objects_.insert(object_key_);
      continue;
    }
    Use& use = unknown_objects_[key];
    if (use.count++ == 0) use.line = line;
  }
}

void VoucherRules::CheckText(std::string_view text, text::Kind kind, int line,
                             std::string_view field) {
  if (std::string problem = text::ProblemOf(text, kind, *policy_.text_limits); !problem.empty()) {
    Error(line, std::string(field), std::move(problem));
  }
}

void VoucherRules::CheckTexts(const sie::Voucher& voucher) {
  const int line = voucher.line;
  CheckText(voucher.series, text::Kind::kLine, line, "#VER serie");
  CheckText(voucher.number, text::Kind::kLine, line, "#VER vernr");
  CheckText(voucher.text, text::Kind::kLine, line, "#VER vertext");
  CheckText(voucher.signature, text::Kind::kLine, line, "#VER sign");
  for (const sie::Transaction& transaction : voucher.transactions) {
    const int tline = transaction.line > 0 ? transaction.line : line;
    CheckText(transaction.account, text::Kind::kLine, tline, "#TRANS kontonr");
    for (const sie::ObjectRef& object : transaction.objects) {
      CheckText(object.object_id, text::Kind::kLine, tline, "objects");
    }
    CheckText(transaction.text, text::Kind::kLine, tline, "#TRANS transtext");
    CheckText(transaction.quantity, text::Kind::kLine, tline, "#TRANS kvantitet");
    CheckText(transaction.signature, text::Kind::kLine, tline, "#TRANS sign");
  }
}

int64_t VoucherRules::Check(const sie::Voucher& voucher, const std::optional<FiscalYear>& year) {
  const int line = voucher.line;
  const bool have_view = view_ != nullptr;
  const std::string name = VoucherName(voucher.series, voucher.number);
  if (policy_.text_limits) CheckTexts(voucher);
  bool have_year = year.has_value();
  if (have_year && !year->Contains(voucher.date)) {
    Error(line, "#VER verdatum",
          StrCat(name, ": date ", period::FormatDate(voucher.date), " is outside the fiscal year ",
                 FormatRange(*year)));
  } else if (have_view) {
    const Period p = Period::Of(voucher.date);
    if (std::optional<Period> closing = ClosingOf(have_year ? *year : FiscalYearOf(*view_, p), p)) {
      Error(line, "#VER verdatum", StrCat(name, ": ", ClosedPeriodMessage(p, *closing)));
    }
  }
  absl::int128 sum = 0;
  int64_t counted = 0;
  // What the ledger already holds in the voucher's period counts towards its totals.
  const LedgerView* held = have_view && year && AnyPostedIn(year->label()) ? view_ : nullptr;
  for (const sie::Transaction& transaction : voucher.transactions) {
    // The #TRANS that repeats the #RTRANS before it is there for readers that do not know
    // #RTRANS; it must not count twice.
    if (transaction.repeats_rtrans) continue;
    const int tline = transaction.line > 0 ? transaction.line : line;
    CheckAccount(transaction.account, tline, "#TRANS kontonr");
    CheckObjects(transaction.objects, tline);
    if (transaction.amount_ore > money::kMaxAbsOre || transaction.amount_ore < -money::kMaxAbsOre) {
      Error(tline, "#TRANS belopp",
            StrCat("amount ", money::FormatKronor(transaction.amount_ore),
                   " is larger than tertial accepts (at most 10^15 kronor)"));
    } else if (transaction.kind != sie::TransactionKind::kBtrans) {
      if (std::optional<std::string> past = totals_.Add(
              transaction.account, Period::Of(voucher.date), transaction.amount_ore, held)) {
        Error(tline, "#TRANS belopp", std::move(*past));
      }
    }
    if (have_year && transaction.date && !year->Contains(*transaction.date)) {
      Warning(tline, "#TRANS transdat",
              StrCat("transaction date ", period::FormatDate(*transaction.date),
                     " is outside the fiscal year; it counts in the voucher's period"));
    }
    if (transaction.kind != sie::TransactionKind::kBtrans) sum += transaction.amount_ore;
    ++counted;
  }
  if (sum != 0) {
    int64_t shown = sum > money::kMaxAbsOre    ? money::kMaxAbsOre
                    : sum < -money::kMaxAbsOre ? -money::kMaxAbsOre
                                               : static_cast<int64_t>(sum);
    Error(line, "#VER",
          StrCat(name, " does not balance: its transactions sum to ", money::FormatKronor(shown),
                 ", expected 0.00"));
  }
  if (voucher.transactions.empty()) Warning(line, "#VER", StrCat(name, " has no transactions"));
  return counted;
}

void VoucherRules::Finish() {
  for (const auto& [dimension, use] : unknown_dimensions_) {
    if (defined_.dimensions.count(dimension) > 0) continue;
    if (view_ != nullptr && view_->HasDimension(dimension)) continue;
    Error(use.line, "objects",
          StrCat("dimension ", dimension,
                 " is not declared (#DIM) in the file or the "
                 "organisation; used ",
                 use.count, " times, first here"));
  }
  for (const auto& [account, use] : unknown_accounts_) {
    if (defined_.accounts.count(account) > 0) continue;
    std::string where = StrCat("account ", account,
                               " is neither in the file's chart (#KONTO) nor in the "
                               "organisation's; used ",
                               use.count, " times, first here");
    if (policy_.define_unknown_accounts) {
      Warning(use.line, use.field, StrCat(where, "; defined by use"));
    } else {
      Error(use.line, use.field,
            StrCat(where, " (pass --define-unknown-accounts to define it by use)"));
    }
  }
  for (const auto& [key, use] : unknown_objects_) {
    if (defined_.objects.count(key) > 0) continue;
    std::string where = StrCat("object ", key.second, " of dimension ", key.first,
                               " is neither in the file (#OBJEKT) nor in the organisation; used ",
                               use.count, " times, first here");
    if (policy_.define_unknown_objects) {
      Warning(use.line, "objects", StrCat(where, "; defined by use"));
    } else {
      Error(use.line, "objects",
            StrCat(where, " (pass --define-unknown-objects to define it by use)"));
    }
  }
}

void CheckVoucher(const sie::Voucher& voucher, const LedgerView& view, const VoucherPolicy& policy,
                  std::string_view source, Issues* issues) {
  VoucherRules rules(policy, std::string(source), issues);
  rules.SetView(&view);
  rules.Check(voucher, FiscalYearOf(view, Period::Of(voucher.date)));
  rules.Finish();
  issues->SortByLine();
}

}  // namespace tertial::ledger
