#include "domain/sie_import.h"

#include <type_traits>

#include "domain/convert.h"
#include "tertial/base/ids.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"
#include "tertial/money/money.h"

namespace tertial::ledger {
namespace {

using period::Date;
using period::FiscalYear;
using period::Period;

// Dimensions 1-19 are reserved by the SIE specification (1 cost centre, 6 project, ...);
// a file may use them without #DIM. Others must be declared.
bool ReservedDimension(int dimension) { return dimension >= 1 && dimension <= 19; }

// "unit id 'A/B' (dimension 1): '/' at character 2 is not allowed in an id; expected ..."
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

v1::TransactionKind KindOf(sie::TransactionKind kind) {
  switch (kind) {
    case sie::TransactionKind::kTrans:
      return v1::TRANSACTION_KIND_NORMAL;
    case sie::TransactionKind::kRtrans:
      return v1::TRANSACTION_KIND_ADDED;
    case sie::TransactionKind::kBtrans:
      return v1::TRANSACTION_KIND_REMOVED;
  }
  return v1::TRANSACTION_KIND_NORMAL;
}

// The #TRANS that repeats the #RTRANS before it is there for readers that do not know
// #RTRANS; it must not count twice.
template <typename Transaction>
bool Skipped(const Transaction& transaction) {
  return transaction.repeats_rtrans;
}

// Whether the parts of a split, and what they leave of its total, stay within
// money::kMaxTotalOre.
template <typename Split>
bool PartsFit(const Split& split) {
  absl::int128 parts = 0;
  for (const auto& [unit_project, amount] : split.by_unit) parts += amount;
  if (split.by_unit.empty()) {
    for (const auto& [project, amount] : split.by_project) parts += amount;
  }
  const absl::int128 rest = split.has_total ? split.total_ore - parts : 0;
  return parts <= money::kMaxTotalOre && parts >= -money::kMaxTotalOre &&
         rest <= money::kMaxTotalOre && rest >= -money::kMaxTotalOre;
}

std::string ObjectOf(const std::vector<sie::ObjectRef>& objects, int dimension) {
  for (const sie::ObjectRef& object : objects) {
    if (object.dimension == dimension) return object.object_id;
  }
  return "";
}

void AddObject(v1::Transaction* transaction, int dimension, const std::string& id) {
  if (id.empty()) return;
  v1::ObjectRef* object = transaction->add_objects();
  object->set_dimension(dimension);
  object->set_object_id(id);
}

v1::LedgerEvent Event(auto setter) {
  v1::LedgerEvent event;
  setter(event);
  return event;
}

}  // namespace

std::string UnitOf(const v1::Transaction& transaction) {
  for (const v1::ObjectRef& object : transaction.objects()) {
    if (object.dimension() == kUnitDimension) return object.object_id();
  }
  return "";
}

std::string ProjectOf(const v1::Transaction& transaction) {
  for (const v1::ObjectRef& object : transaction.objects()) {
    if (object.dimension() == kProjectDimension) return object.object_id();
  }
  return "";
}

std::string VoucherAggregateKey(const v1::VoucherPosted& voucher) {
  if (voucher.number().empty() || voucher.number_repeated()) {
    return StrCat("voucher/", voucher.fiscal_year(), "/", voucher.import_id(), "@",
                  voucher.source_line());
  }
  return StrCat("voucher/", voucher.fiscal_year(), "/", voucher.series(), "/", voucher.number());
}

SieValidator::SieValidator(ImportSettings settings, LedgerDirectory* directory)
    : settings_(std::move(settings)),
      directory_(directory),
      issues_(settings_.max_errors, settings_.max_errors) {}

void SieValidator::Error(int line, std::string field, std::string message) {
  issues_.Error(settings_.file_name, line, std::move(field), std::move(message));
}

void SieValidator::Warning(int line, std::string field, std::string message) {
  issues_.Warning(settings_.file_name, line, std::move(field), std::move(message));
}

bool SieValidator::EnsureOrganisation(int line) {
  if (organisation_resolved_) return view_ != nullptr;
  organisation_resolved_ = true;
  std::string organisation = settings_.organisation;
  if (organisation.empty() && !plan_.orgnr.empty()) {
    organisation = directory_->OrganisationForOrgnr(plan_.orgnr);
    if (organisation.empty()) organisation = plan_.orgnr;
  }
  if (organisation.empty()) {
    Error(line, "#ORGNR",
          "no organisation: the file has no #ORGNR before its first voucher or balance; "
          "give --org KOMMUNKOD");
    return false;
  }
  if (!settings_.organisation.empty() && !plan_.orgnr.empty()) {
    // A file of another organisation imported under the wrong --org would mix two
    // municipalities' books.
    std::string owner = directory_->OrganisationForOrgnr(plan_.orgnr);
    if (!owner.empty() && owner != settings_.organisation) {
      Error(line, "#ORGNR",
            StrCat("the file is organisation ", owner, "'s (#ORGNR ", plan_.orgnr, "), not ",
                   settings_.organisation, "'s; check --org"));
    }
  }
  plan_.organisation = organisation;
  view_ = &directory_->View(organisation);
  return true;
}

const period::FiscalYear* SiePlan::YearOf(const Date& date) const {
  for (const FiscalYear& year : years) {
    if (year.Contains(date)) return &year;
  }
  return nullptr;
}

bool SieValidator::EnsureFiscalYear(int line) {
  if (fiscal_year_resolved_) return plan_.fiscal_year.has_value() || plan_.year_by_date;
  fiscal_year_resolved_ = true;
  if (auto rar = rars_.find(0); rar != rars_.end()) {
    plan_.fiscal_year = rar->second;
  } else if (settings_.fiscal_year != 0) {
    std::optional<FiscalYear> known =
        view_ != nullptr ? view_->FiscalYear(settings_.fiscal_year) : std::nullopt;
    plan_.fiscal_year = known ? *known : FiscalYear::Calendar(settings_.fiscal_year);
  } else {
    plan_.year_by_date = true;
    return true;
  }
  plan_.years.push_back(*plan_.fiscal_year);
  return true;
}

std::optional<FiscalYear> SieValidator::YearFor(const Date& date, int line) {
  if (!EnsureFiscalYear(line)) return std::nullopt;
  if (!plan_.year_by_date) return plan_.fiscal_year;
  if (const FiscalYear* known = plan_.YearOf(date)) return *known;
  std::optional<FiscalYear> year;
  if (view_ != nullptr) {
    for (int label : {date.year, date.year - 1}) {
      std::optional<FiscalYear> defined = view_->FiscalYear(label);
      if (defined && defined->Contains(date)) year = defined;
      if (year) break;
    }
  }
  if (!year) year = FiscalYear::Calendar(date.year);
  plan_.years.push_back(*year);
  if (!plan_.fiscal_year) plan_.fiscal_year = year;
  return year;
}

std::optional<Period> SieValidator::ClosingOf(const FiscalYear& year, const Period& p) {
  auto it = latest_closed_.find(year.label());
  if (it == latest_closed_.end()) {
    it = latest_closed_.emplace(year.label(), view_->LatestClosed(year)).first;
  }
  if (it->second && chart::ClosedBy(year, *it->second, p)) return it->second;
  return std::nullopt;
}

bool SieValidator::AnyPostedIn(int fiscal_year) {
  auto it = posted_years_.find(fiscal_year);
  if (it == posted_years_.end()) {
    it =
        posted_years_.emplace(fiscal_year, view_ != nullptr && view_->AnyVoucherPosted(fiscal_year))
            .first;
  }
  return it->second;
}

void SieValidator::AddRar(const sie::Rar& rar, int line) {
  absl::StatusOr<FiscalYear> year = FiscalYear::FromDates(rar.start, rar.end);
  if (!year.ok()) {
    if (rar.year_index == 0) {
      Error(line, "#RAR", std::string(year.status().message()));
    } else {
      // A comparison year only names an earlier year; nothing is posted in it here.
      Warning(line, "#RAR",
              StrCat(year.status().message(), "; year ", rar.year_index, " is not defined"));
    }
    return;
  }
  if (rar.year_index == 0) {
    if (fiscal_year_resolved_) {
      Error(line, "#RAR",
            "#RAR 0 comes after the first voucher or balance; the fiscal year must be declared "
            "before them");
      return;
    }
    if (settings_.fiscal_year != 0 && settings_.fiscal_year != year->label()) {
      Error(line, "#RAR",
            StrCat("the file's fiscal year is ", FormatRange(*year), " but --year ",
                   settings_.fiscal_year, " was given"));
      return;
    }
  }
  rars_.insert_or_assign(rar.year_index, *year);
}

void SieValidator::CheckAccount(const std::string& account, int line, std::string_view field) {
  if (account.empty()) {
    Error(line, std::string(field), "expected an account number");
    return;
  }
  // Known accounts are remembered: a file uses a few hundred accounts millions of times.
  if (known_accounts_.contains(account)) return;
  if (file_accounts_.count(account) > 0 || (view_ != nullptr && view_->Account(account))) {
    known_accounts_.insert(account);
    return;
  }
  Use& use = unknown_accounts_[account];
  if (use.count++ == 0) {
    use.line = line;
    use.field = std::string(field);
  }
}

void SieValidator::CheckObjects(const std::vector<sie::ObjectRef>& objects, int line) {
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
                           file_dimensions_.count(object.dimension) > 0 ||
                           (view_ != nullptr && view_->HasDimension(object.dimension));
    if (!dimension_known) {
      Use& use = unknown_dimensions_[object.dimension];
      if (use.count++ == 0) use.line = line;
    }
    std::pair<int, std::string> key(object.dimension, object.object_id);
    if (file_objects_.count(key) > 0 ||
        (view_ != nullptr && view_->Object(object.dimension, object.object_id))) {
      if (dimension_known) known_objects_.insert(object_key_);
      continue;
    }
    Use& use = unknown_objects_[key];
    if (use.count++ == 0) use.line = line;
  }
}

void SieValidator::AddVoucher(const sie::Voucher& voucher) {
  const int line = voucher.line;
  plan_.has_vouchers = true;
  bool have_view = EnsureOrganisation(line);
  std::optional<FiscalYear> year = YearFor(voucher.date, line);
  const std::string name = VoucherName(voucher.series, voucher.number);
  const int64_t ordinal = voucher_ordinal_++;
  if (!voucher.number.empty()) {
    SeriesNumbers& numbers = series_[voucher.series];
    std::optional<uint64_t> plain = PlainNumber(voucher.number);
    bool first =
        plain ? numbers.seen.Insert(*plain) : numbers.other_seen.insert(voucher.number).second;
    bool skipped = false;
    if (first) {
      if (have_view && year && AnyPostedIn(year->label()) &&
          view_->VoucherPosted(year->label(), voucher.series, voucher.number)) {
        skipped = true;
        if (plain) {
          numbers.skipped.Insert(*plain);
        } else {
          numbers.other_skipped.insert(voucher.number);
        }
      }
    } else {
      skipped =
          plain ? numbers.skipped.Contains(*plain) : numbers.other_skipped.contains(voucher.number);
      if (!skipped) {
        // Some programs number vouchers again within one file (BL0001's "#VER # 1" for
        // every depreciation). Each is a voucher of its own; the key names the first.
        plan_.repeated_vouchers.insert(ordinal);
        if (numbers.warned.insert(voucher.number).second) {
          Warning(line, "#VER vernr",
                  StrCat(name,
                         " appears more than once in the file; each is posted, and "
                         "only the first is known by its number"));
        }
      }
    }
    if (skipped) {
      plan_.skipped_vouchers.Insert(static_cast<uint64_t>(ordinal));
      ++plan_.duplicate_vouchers;
      return;
    }
  }
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
    if (Skipped(transaction)) continue;
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
  if (voucher.transactions.empty()) {
    Warning(line, "#VER", StrCat(name, " has no transactions"));
    empty_voucher_lines_.insert(line);
  }
  ++plan_.vouchers;
  plan_.transactions += counted;
}

void SieValidator::AddPeriodBalance(const sie::PeriodBalance& balance, int line) {
  if (balance.year_index != 0) return;  // comparison years are not imported
  bool have_view = EnsureOrganisation(line);
  std::optional<FiscalYear> year =
      YearFor(Date{balance.period.year, balance.period.month, 1}, line);
  const bool budget = balance.kind == sie::PeriodBalanceKind::kPbudget;
  const std::string label = budget ? "#PBUDGET" : "#PSALDO";
  CheckAccount(balance.account, line, StrCat(label, " konto"));
  CheckObjects(balance.objects, line);
  if (year && !year->Contains(balance.period)) {
    Error(line, StrCat(label, " period"),
          StrCat("period ", period::FormatPeriod(balance.period), " is outside the fiscal year ",
                 FormatRange(*year)));
    return;
  }
  std::optional<Period> closing;
  if (!budget && have_view &&
      (closing = ClosingOf(year ? *year : FiscalYearOf(*view_, balance.period), balance.period))) {
    Error(line, StrCat(label, " period"), ClosedPeriodMessage(balance.period, *closing));
    return;
  }
  if (balance.amount_ore > money::kMaxAbsOre || balance.amount_ore < -money::kMaxAbsOre) {
    Error(line, StrCat(label, " saldo"), "amount is larger than tertial accepts");
    return;
  }
  Split& split = (budget ? budget_ : psaldo_)[{balance.account, balance.period.Index()}];
  if (split.line == 0) split.line = line;
  const std::string unit = ObjectOf(balance.objects, kUnitDimension);
  const std::string project = ObjectOf(balance.objects, kProjectDimension);
  // Rows of one key add up (a file may split a total over several rows); checked, so
  // that repeated huge rows are an error rather than a wrapped amount.
  auto add = [&](int64_t* total) {
    std::optional<int64_t> sum = money::CheckedAdd(*total, balance.amount_ore);
    if (!sum || *sum > money::kMaxTotalOre || *sum < -money::kMaxTotalOre) {
      Error(line, StrCat(label, " saldo"),
            StrCat("the rows of account ", balance.account, " in period ",
                   period::FormatPeriod(balance.period),
                   " add up to more than 10^15 kronor, more than tertial accepts"));
      return;
    }
    *total = *sum;
  };
  if (balance.objects.empty()) {
    split.has_total = true;
    add(&split.total_ore);
  } else if (!unit.empty()) {
    add(&split.by_unit[{unit, project}]);
  } else if (!project.empty()) {
    add(&split.by_project[project]);
  } else if (!warned_other_objects_) {
    warned_other_objects_ = true;
    Warning(line, StrCat(label, " objekt"),
            "rows on objects of dimensions other than 1 (unit) and 6 (project) split the same "
            "total another way and are not imported");
  }
}

void SieValidator::Add(const sie::Item& item, int line) {
  std::visit(
      [&](const auto& record) {
        using T = std::decay_t<decltype(record)>;
        if constexpr (std::is_same_v<T, sie::Fnamn>) {
          plan_.company_name = record.name;
        } else if constexpr (std::is_same_v<T, sie::Orgnr>) {
          if (organisation_resolved_) {
            Error(line, "#ORGNR", "#ORGNR comes after the first voucher or balance");
          }
          plan_.orgnr = record.orgnr;
        } else if constexpr (std::is_same_v<T, sie::Rar>) {
          AddRar(record, line);
        } else if constexpr (std::is_same_v<T, sie::Konto>) {
          FileAccount& account = file_accounts_[record.account];
          account.name = record.name;
          if (account.line == 0) account.line = line;
        } else if constexpr (std::is_same_v<T, sie::Ktyp>) {
          FileAccount& account = file_accounts_[record.account];
          account.type = record.type;
          if (account.line == 0) account.line = line;
        } else if constexpr (std::is_same_v<T, sie::Dim>) {
          v1::DimensionDefined& dimension = file_dimensions_[record.dimension];
          dimension.set_dimension(record.dimension);
          dimension.set_name(record.name);
        } else if constexpr (std::is_same_v<T, sie::Underdim>) {
          v1::DimensionDefined& dimension = file_dimensions_[record.dimension];
          dimension.set_dimension(record.dimension);
          dimension.set_name(record.name);
          dimension.set_parent_dimension(record.parent_dimension);
        } else if constexpr (std::is_same_v<T, sie::Objekt>) {
          if (!ReservedDimension(record.dimension) &&
              file_dimensions_.count(record.dimension) == 0) {
            // Checked at the end: a #DIM may follow in a file that breaks the order.
            Use& use = unknown_dimensions_[record.dimension];
            if (use.count++ == 0) use.line = line;
          }
          if (record.dimension == kUnitDimension || record.dimension == kProjectDimension) {
            if (std::string problem = ids::Problem(record.object_id); !problem.empty()) {
              Error(line, "#OBJEKT", ObjectIdError(record.dimension, record.object_id, problem));
            }
          }
          file_objects_[{record.dimension, record.object_id}] = record.name;
        } else if constexpr (std::is_same_v<T, sie::PeriodBalance>) {
          AddPeriodBalance(record, line);
        } else if constexpr (std::is_same_v<T, sie::Voucher>) {
          AddVoucher(record);
        }
      },
      item);
}

void SieValidator::Finish(const std::vector<Issue>& reader_errors,
                          const std::vector<Issue>& reader_warnings, int reader_errors_not_listed) {
  for (const Issue& d : reader_errors) issues_.Error(d.file, d.line, d.field, d.message);
  for (const Issue& d : reader_warnings) {
    // The reader warns of an empty voucher too; the validator's names the voucher.
    if (d.field == "#VER" && empty_voucher_lines_.contains(d.line)) continue;
    issues_.Warning(d.file, d.line, d.field, d.message);
  }
  issues_.AddUnlistedErrors(reader_errors_not_listed);
  EnsureOrganisation(0);
  if (!plan_.has_vouchers && !psaldo_.empty()) EnsureFiscalYear(0);
  if (!budget_.empty()) EnsureFiscalYear(0);

  for (const auto& [dimension, use] : unknown_dimensions_) {
    if (file_dimensions_.count(dimension) > 0) continue;
    if (view_ != nullptr && view_->HasDimension(dimension)) continue;
    Error(use.line, "objects",
          StrCat("dimension ", dimension,
                 " is not declared (#DIM) in the file or the "
                 "organisation; used ",
                 use.count, " times, first here"));
  }
  for (const auto& [account, use] : unknown_accounts_) {
    if (file_accounts_.count(account) > 0) continue;
    std::string where = StrCat("account ", account,
                               " is neither in the file's chart (#KONTO) nor in the "
                               "organisation's; used ",
                               use.count, " times, first here");
    if (settings_.define_unknown_accounts) {
      Warning(use.line, use.field, StrCat(where, "; defined by use"));
    } else {
      Error(use.line, use.field,
            StrCat(where, " (pass --define-unknown-accounts to define it by use)"));
    }
  }
  for (const auto& [key, use] : unknown_objects_) {
    if (file_objects_.count(key) > 0) continue;
    std::string where = StrCat("object ", key.second, " of dimension ", key.first,
                               " is neither in the file (#OBJEKT) nor in the organisation; used ",
                               use.count, " times, first here");
    if (settings_.define_unknown_objects) {
      Warning(use.line, "objects", StrCat(where, "; defined by use"));
    } else {
      Error(use.line, "objects",
            StrCat(where, " (pass --define-unknown-objects to define it by use)"));
    }
  }
  for (const auto* splits : {&budget_, &psaldo_}) {
    for (const auto& [key, split] : *splits) {
      if (PartsFit(split)) continue;
      Error(split.line, splits == &budget_ ? "#PBUDGET saldo" : "#PSALDO saldo",
            StrCat("the rows of account ", key.first, " in period ",
                   period::FormatPeriod(Period::FromIndex(key.second)),
                   " add up to more than 10^15 kronor, more than tertial accepts"));
    }
  }
  if (!issues_.has_errors()) {
    if (!plan_.has_vouchers && !psaldo_.empty()) PlanBalanceVouchers();
    PlanBudget();
    PlanDefinitions();
  }
  // The reader's findings and the validator's, and those only the whole file shows, in
  // the order of the file.
  issues_.SortByLine();
}

namespace {

// The parts of an account-period total: by unit when the file has unit rows, else by
// project; what the parts leave of the total belongs to the organisation as a whole.
// The remainder fits in int64 once PartsFit said so.
template <typename Split, typename Fn>
void ForEachPart(const Split& split, Fn fn) {
  absl::int128 parts = 0;
  if (!split.by_unit.empty()) {
    for (const auto& [unit_project, amount] : split.by_unit) {
      fn(unit_project.first, unit_project.second, amount);
      parts += amount;
    }
  } else {
    for (const auto& [project, amount] : split.by_project) {
      fn(std::string(), project, amount);
      parts += amount;
    }
  }
  if (split.has_total && split.total_ore != parts) {
    fn(std::string(), std::string(), static_cast<int64_t>(split.total_ore - parts));
  }
}

}  // namespace

void SieValidator::PlanBalanceVouchers() {
  std::map<int, v1::VoucherPosted> by_period;
  for (const auto& [key, split] : psaldo_) {
    v1::VoucherPosted& voucher = by_period[key.second];
    ForEachPart(split, [&](const std::string& unit, const std::string& project, int64_t amount) {
      v1::Transaction* transaction = voucher.add_transactions();
      transaction->set_account(key.first);
      AddObject(transaction, kUnitDimension, unit);
      AddObject(transaction, kProjectDimension, project);
      transaction->set_amount_ore(amount);
    });
    if (voucher.source_line() == 0 || split.line < voucher.source_line()) {
      voucher.set_source_line(split.line);
    }
  }
  for (auto& [index, voucher] : by_period) {
    const Period period = Period::FromIndex(index);
    const FiscalYear* year = plan_.YearOf(Date{period.year, period.month, 1});
    voucher.set_fiscal_year(year != nullptr ? year->label() : period.year);
    voucher.set_series("PSALDO");
    voucher.set_number(StrCat(period.year, period.month < 10 ? "0" : "", period.month));
    ToProto(Date{period.year, period.month, period::DaysInMonth(period.year, period.month)},
            voucher.mutable_date());
    voucher.set_text("Periodsaldo (#PSALDO)");
    if (view_ != nullptr &&
        view_->VoucherPosted(voucher.fiscal_year(), voucher.series(), voucher.number())) {
      ++plan_.duplicate_vouchers;
      continue;
    }
    ++plan_.vouchers;
    plan_.transactions += voucher.transactions_size();
    plan_.balance_vouchers.push_back(std::move(voucher));
  }
}

void SieValidator::PlanBudget() {
  for (const auto& [key, split] : budget_) {
    const Period period = Period::FromIndex(key.second);
    ForEachPart(split, [&](const std::string& unit, const std::string& project, int64_t amount) {
      v1::BudgetLine& line = plan_.budget_lines.emplace_back();
      line.set_unit_id(unit);
      line.set_account(key.first);
      line.set_project_id(project);
      ToProto(period, line.mutable_period());
      line.set_amount_ore(amount);
    });
  }
}

void SieValidator::PlanDefinitions() {
  if (view_ == nullptr) return;
  std::vector<v1::LedgerEvent>& out = plan_.definitions;
  // The organisation's name and number: what the file says, else what was known.
  std::optional<v1::OrganisationDefined> known_organisation = view_->Organisation();
  v1::OrganisationDefined organisation;
  if (known_organisation) organisation = *known_organisation;
  if (!plan_.company_name.empty()) organisation.set_name(plan_.company_name);
  if (!plan_.orgnr.empty()) organisation.set_orgnr(plan_.orgnr);
  if ((!plan_.company_name.empty() || !plan_.orgnr.empty()) &&
      (!known_organisation || known_organisation->name() != organisation.name() ||
       known_organisation->orgnr() != organisation.orgnr())) {
    out.push_back(
        Event([&](v1::LedgerEvent& e) { *e.mutable_organisation_defined() = organisation; }));
  }
  std::map<int, FiscalYear> years;
  for (const auto& [index, year] : rars_) years.insert_or_assign(year.label(), year);
  for (const FiscalYear& year : plan_.years) years.insert_or_assign(year.label(), year);
  for (const auto& [label, year] : years) {
    std::optional<FiscalYear> known = view_->FiscalYear(label);
    if (known && *known == year) continue;
    out.push_back(Event([&](v1::LedgerEvent& e) {
      auto* defined = e.mutable_fiscal_year_defined();
      defined->set_fiscal_year(label);
      ToProto(year.start(), defined->mutable_start());
      ToProto(year.end(), defined->mutable_end());
    }));
  }
  for (const auto& [dimension, defined] : file_dimensions_) {
    if (view_->HasDimension(dimension)) continue;
    out.push_back(Event([&](v1::LedgerEvent& e) { *e.mutable_dimension_defined() = defined; }));
  }
  std::map<std::pair<int, std::string>, std::string> objects = file_objects_;
  if (settings_.define_unknown_objects) {
    for (const auto& [key, use] : unknown_objects_) objects.emplace(key, "");
  }
  chart::UnitTree units = view_->Units();
  int position = static_cast<int>(units.size());
  for (const auto& [key, name] : objects) {
    std::optional<v1::ObjectDefined> known = view_->Object(key.first, key.second);
    if (!known || known->name() != name) {
      out.push_back(Event([&](v1::LedgerEvent& e) {
        auto* defined = e.mutable_object_defined();
        defined->set_dimension(key.first);
        defined->set_object_id(key.second);
        defined->set_name(name);
      }));
    }
    // Objects of the unit and project dimensions are units and projects; a unit file or
    // project file imported before (or after) gives them their place and frame.
    if (key.first == kUnitDimension && units.Find(key.second) == nullptr) {
      out.push_back(Event([&](v1::LedgerEvent& e) {
        auto* unit = e.mutable_unit_defined();
        unit->set_unit_id(key.second);
        unit->set_name(name.empty() ? key.second : name);
        unit->set_position(position++);
      }));
      ++plan_.units_defined;
    }
    if (key.first == kProjectDimension && !view_->Project(key.second)) {
      out.push_back(Event([&](v1::LedgerEvent& e) {
        auto* project = e.mutable_project_defined();
        project->set_project_id(key.second);
        project->set_name(name.empty() ? key.second : name);
      }));
      ++plan_.projects_defined;
    }
  }
  for (const auto& [number, account] : file_accounts_) {
    std::optional<v1::AccountDefined> known = view_->Account(number);
    if (known && known->name() == account.name && known->type() == account.type) continue;
    out.push_back(Event([&](v1::LedgerEvent& e) {
      auto* defined = e.mutable_account_defined();
      defined->set_account(number);
      defined->set_name(account.name);
      defined->set_type(account.type);
    }));
    ++plan_.accounts_defined;
  }
  if (settings_.define_unknown_accounts) {
    for (const auto& [number, use] : unknown_accounts_) {
      if (file_accounts_.count(number) > 0) continue;
      out.push_back(Event([&](v1::LedgerEvent& e) {
        auto* defined = e.mutable_account_defined();
        defined->set_account(number);
        defined->set_defined_by_use(true);
      }));
      ++plan_.accounts_defined;
    }
  }
}

SieEventBuilder::SieEventBuilder(const SiePlan& plan, std::string import_id,
                                 std::string content_sha256)
    : plan_(plan), import_id_(std::move(import_id)), content_sha256_(std::move(content_sha256)) {}

namespace {

std::string DefinitionKey(const v1::LedgerEvent& event) {
  switch (event.event_case()) {
    case v1::LedgerEvent::kOrganisationDefined:
      return "organisation";
    case v1::LedgerEvent::kFiscalYearDefined:
      return StrCat("fiscal_year/", event.fiscal_year_defined().fiscal_year());
    case v1::LedgerEvent::kDimensionDefined:
      return StrCat("dimension/", event.dimension_defined().dimension());
    case v1::LedgerEvent::kObjectDefined:
      return StrCat("object/", event.object_defined().dimension(), "/",
                    event.object_defined().object_id());
    case v1::LedgerEvent::kUnitDefined:
      return StrCat("unit/", event.unit_defined().unit_id());
    case v1::LedgerEvent::kProjectDefined:
      return StrCat("project/", event.project_defined().project_id());
    case v1::LedgerEvent::kAccountDefined:
      return StrCat("account/", event.account_defined().account());
    default:
      return "ledger";
  }
}

}  // namespace

absl::Status SieEventBuilder::Begin(EventSink& sink) {
  int index = 0;
  for (const v1::LedgerEvent& event : plan_.definitions) {
    if (absl::Status s = sink.Emit(v1::LedgerEvent(event), DefinitionKey(event),
                                   StrCat(import_id_, "/definition/", index++), 0);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status SieEventBuilder::Add(const sie::Item& item, EventSink& sink) {
  const sie::Voucher* voucher = std::get_if<sie::Voucher>(&item);
  return voucher != nullptr ? AddVoucher(*voucher, sink) : absl::OkStatus();
}

absl::Status SieEventBuilder::Add(const sie::ItemView& item, EventSink& sink) {
  const sie::VoucherView* voucher = std::get_if<sie::VoucherView>(&item);
  return voucher != nullptr ? AddVoucher(*voucher, sink) : absl::OkStatus();
}

template <typename Voucher>
absl::Status SieEventBuilder::AddVoucher(const Voucher& voucher, EventSink& sink) {
  const int64_t ordinal = voucher_ordinal_++;
  if (plan_.skipped_vouchers.Contains(static_cast<uint64_t>(ordinal))) return absl::OkStatus();
  // One message reused for every voucher: a sink that only reads it leaves its memory.
  v1::LedgerEvent& event = scratch_;
  event.Clear();
  v1::VoucherPosted* posted = event.mutable_voucher_posted();
  const FiscalYear* year = plan_.YearOf(voucher.date);
  if (year == nullptr) return absl::InternalError("a voucher outside the planned fiscal years");
  posted->set_fiscal_year(year->label());
  if (plan_.repeated_vouchers.contains(ordinal)) posted->set_number_repeated(true);
  // (data, size): the same for the owned strings and the reader's views.
  posted->set_series(voucher.series.data(), voucher.series.size());
  posted->set_number(voucher.number.data(), voucher.number.size());
  ToProto(voucher.date, posted->mutable_date());
  posted->set_text(voucher.text.data(), voucher.text.size());
  if (voucher.registered) ToProto(*voucher.registered, posted->mutable_registered());
  posted->set_signature(voucher.signature.data(), voucher.signature.size());
  posted->set_import_id(import_id_);
  posted->set_source_line(voucher.line);
  posted->mutable_transactions()->Reserve(static_cast<int>(voucher.transactions.size()));
  for (const auto& source : voucher.transactions) {
    if (Skipped(source)) continue;
    v1::Transaction* transaction = posted->add_transactions();
    transaction->set_account(source.account.data(), source.account.size());
    for (const auto& object : source.objects) {
      v1::ObjectRef* ref = transaction->add_objects();
      ref->set_dimension(object.dimension);
      ref->set_object_id(object.object_id.data(), object.object_id.size());
    }
    transaction->set_amount_ore(source.amount_ore);
    if (source.date) ToProto(*source.date, transaction->mutable_date());
    if (!source.text.empty()) transaction->set_text(source.text.data(), source.text.size());
    transaction->set_kind(KindOf(source.kind));
    if (!source.quantity.empty()) {
      transaction->set_quantity(source.quantity.data(), source.quantity.size());
    }
  }
  ++vouchers_emitted_;
  const std::string key = VoucherAggregateKey(*posted);
  return sink.Emit(std::move(event), key, StrCat(import_id_, "/line/", voucher.line),
                   EpochSeconds(voucher.date));
}

absl::Status SieEventBuilder::Finish(const v1::ImportCompleted& completed, EventSink& sink) {
  for (const v1::VoucherPosted& voucher : plan_.balance_vouchers) {
    v1::LedgerEvent event;
    *event.mutable_voucher_posted() = voucher;
    event.mutable_voucher_posted()->set_import_id(import_id_);
    ++vouchers_emitted_;
    const std::string key = VoucherAggregateKey(event.voucher_posted());
    if (absl::Status s =
            sink.Emit(std::move(event), key, StrCat(import_id_, "/psaldo/", voucher.number()),
                      EpochSeconds(FromProto(voucher.date())));
        !s.ok()) {
      return s;
    }
  }
  // Budget lines go out per fiscal year, in events of bounded size.
  constexpr int kLinesPerEvent = 5000;
  std::map<int, v1::BudgetLinesSet> sets;
  auto flush = [&](v1::BudgetLinesSet& set) -> absl::Status {
    if (set.lines_size() == 0) return absl::OkStatus();
    v1::LedgerEvent event;
    *event.mutable_budget_lines_set() = std::move(set);
    set.Clear();
    const int year = event.budget_lines_set().fiscal_year();
    return sink.Emit(std::move(event), StrCat("budget/", year),
                     StrCat(import_id_, "/budget/", year, "/", budget_events_++), 0);
  };
  for (const v1::BudgetLine& line : plan_.budget_lines) {
    const FiscalYear* year = plan_.YearOf(Date{line.period().year(), line.period().month(), 1});
    const int label = year != nullptr ? year->label() : line.period().year();
    v1::BudgetLinesSet& set = sets[label];
    *set.add_lines() = line;
    if (set.lines_size() >= kLinesPerEvent) {
      set.set_fiscal_year(label);
      set.set_import_id(import_id_);
      if (absl::Status s = flush(set); !s.ok()) return s;
    }
  }
  for (auto& [label, set] : sets) {
    set.set_fiscal_year(label);
    set.set_import_id(import_id_);
    if (absl::Status s = flush(set); !s.ok()) return s;
  }
  v1::LedgerEvent event;
  *event.mutable_import_completed() = completed;
  return sink.Emit(std::move(event), StrCat("import/", import_id_),
                   StrCat(import_id_, "/completed"), 0);
}

}  // namespace tertial::ledger
