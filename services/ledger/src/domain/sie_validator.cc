#include "domain/sie_validator.h"

#include <type_traits>

#include "absl/numeric/int128.h"
#include "tertial/base/ids.h"
#include "tertial/base/strings.h"
#include "tertial/chart/posting.h"
#include "tertial/money/money.h"

namespace tertial::ledger {
namespace {

using period::Date;
using period::FiscalYear;
using period::Period;

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

VoucherPolicy PolicyOf(const ImportSettings& settings) {
  // The SIE reader has checked the texts already (see VoucherPolicy::text_limits).
  return {.define_unknown_accounts = settings.define_unknown_accounts,
          .define_unknown_objects = settings.define_unknown_objects};
}

}  // namespace

SieValidator::SieValidator(ImportSettings settings, LedgerDirectory* directory)
    : settings_(std::move(settings)),
      directory_(directory),
      issues_(settings_.max_errors, settings_.max_errors),
      rules_(PolicyOf(settings_), settings_.file_name, &issues_) {}

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
  rules_.SetView(view_);
  return true;
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

bool SieValidator::FirstOfItsNumber(const sie::Voucher& voucher,
                                    const std::optional<FiscalYear>& year, int64_t ordinal) {
  if (voucher.number.empty()) return true;
  SeriesNumbers& numbers = series_[voucher.series];
  std::optional<uint64_t> plain = chart::PlainNumber(voucher.number);
  bool first =
      plain ? numbers.seen.Insert(*plain) : numbers.other_seen.insert(voucher.number).second;
  bool skipped = false;
  if (first) {
    if (view_ != nullptr && year && rules_.AnyPostedIn(year->label()) &&
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
        Warning(voucher.line, "#VER vernr",
                StrCat(VoucherName(voucher.series, voucher.number),
                       " appears more than once in the file; each is posted, and "
                       "only the first is known by its number"));
      }
    }
  }
  return !skipped;
}

void SieValidator::AddVoucher(const sie::Voucher& voucher) {
  const int line = voucher.line;
  plan_.has_vouchers = true;
  EnsureOrganisation(line);
  std::optional<FiscalYear> year = YearFor(voucher.date, line);
  const int64_t ordinal = voucher_ordinal_++;
  if (!FirstOfItsNumber(voucher, year, ordinal)) {
    plan_.skipped_vouchers.Insert(static_cast<uint64_t>(ordinal));
    ++plan_.duplicate_vouchers;
    return;
  }
  const int64_t counted = rules_.Check(voucher, year);
  if (voucher.transactions.empty()) empty_voucher_lines_.insert(line);
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
  rules_.CheckAccount(balance.account, line, StrCat(label, " konto"));
  rules_.CheckObjects(balance.objects, line);
  if (year && !year->Contains(balance.period)) {
    Error(line, StrCat(label, " period"),
          StrCat("period ", period::FormatPeriod(balance.period), " is outside the fiscal year ",
                 FormatRange(*year)));
    return;
  }
  std::optional<Period> closing;
  if (!budget && have_view &&
      (closing =
           rules_.ClosingOf(year ? *year : FiscalYearOf(*view_, balance.period), balance.period))) {
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

void SieValidator::AddObjekt(const sie::Objekt& objekt, int line) {
  InputDefinitions& defined = rules_.defined();
  if (!ReservedDimension(objekt.dimension) && defined.dimensions.count(objekt.dimension) == 0) {
    // Checked at the end: a #DIM may follow in a file that breaks the order.
    rules_.UseUndeclaredDimension(objekt.dimension, line);
  }
  if (objekt.dimension == kUnitDimension || objekt.dimension == kProjectDimension) {
    if (std::string problem = ids::Problem(objekt.object_id); !problem.empty()) {
      Error(line, "#OBJEKT", ObjectIdError(objekt.dimension, objekt.object_id, problem));
    }
  }
  defined.objects[{objekt.dimension, objekt.object_id}] = objekt.name;
}

void SieValidator::Add(const sie::Item& item, int line) {
  InputDefinitions& defined = rules_.defined();
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
          defined.accounts[record.account].name = record.name;
        } else if constexpr (std::is_same_v<T, sie::Ktyp>) {
          defined.accounts[record.account].type = record.type;
        } else if constexpr (std::is_same_v<T, sie::Dim>) {
          v1::DimensionDefined& dimension = defined.dimensions[record.dimension];
          dimension.set_dimension(record.dimension);
          dimension.set_name(record.name);
        } else if constexpr (std::is_same_v<T, sie::Underdim>) {
          v1::DimensionDefined& dimension = defined.dimensions[record.dimension];
          dimension.set_dimension(record.dimension);
          dimension.set_name(record.name);
          dimension.set_parent_dimension(record.parent_dimension);
        } else if constexpr (std::is_same_v<T, sie::Objekt>) {
          AddObjekt(record, line);
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

  rules_.Finish();
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

}  // namespace tertial::ledger
