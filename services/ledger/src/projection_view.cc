#include <cstdint>
#include <map>

#include "absl/numeric/int128.h"
#include "domain/convert.h"
#include "projection.h"
#include "projection_keys.h"
#include "tertial/base/strings.h"

namespace tertial::ledger {

ProjectionView::ProjectionView(const projection::Reader* reader, std::string organisation)
    : reader_(reader), organisation_(organisation), posted_(reader, std::move(organisation)) {}

std::optional<v1::OrganisationDefined> ProjectionView::Organisation() const {
  return GetMessage<v1::OrganisationDefined>(*reader_, Prefix(kOrganisation, organisation_));
}

std::optional<v1::AccountDefined> ProjectionView::Account(std::string_view account) const {
  return GetMessage<v1::AccountDefined>(*reader_,
                                        Prefix(kAccount, organisation_) + std::string(account));
}

bool ProjectionView::HasDimension(int dimension) const {
  absl::StatusOr<bool> exists = Exists(*reader_, YearKey(kDimension, organisation_, dimension));
  return exists.ok() && *exists;
}

std::optional<v1::ObjectDefined> ProjectionView::Object(int dimension,
                                                        std::string_view object_id) const {
  std::string key = YearKey(kObject, organisation_, dimension);
  key.append(object_id);
  return GetMessage<v1::ObjectDefined>(*reader_, key);
}

std::optional<v1::ProjectDefined> ProjectionView::Project(std::string_view project_id) const {
  return GetMessage<v1::ProjectDefined>(*reader_,
                                        Prefix(kProject, organisation_) + std::string(project_id));
}

chart::UnitTree ProjectionView::Units() const {
  chart::UnitTree tree;
  (void)reader_->Scan(Prefix(kUnit, organisation_), [&](std::string_view, std::string_view value) {
    v1::UnitDefined unit;
    if (unit.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      tree.Define({unit.unit_id(), unit.name(), unit.parent_id(),
                   static_cast<chart::UnitKind>(unit.kind()), unit.scb_activity_code(),
                   unit.position()});
    }
    return true;
  });
  return tree;
}

namespace {

std::optional<period::FiscalYear> ToFiscalYear(const v1::FiscalYearDefined& defined) {
  absl::StatusOr<period::FiscalYear> year =
      period::FiscalYear::FromDates(FromProto(defined.start()), FromProto(defined.end()));
  if (!year.ok()) return std::nullopt;
  return *year;
}

}  // namespace

std::optional<period::FiscalYear> ProjectionView::FiscalYear(int label) const {
  std::optional<v1::FiscalYearDefined> defined =
      GetMessage<v1::FiscalYearDefined>(*reader_, YearKey(kYear, organisation_, label));
  if (!defined) return std::nullopt;
  return ToFiscalYear(*defined);
}

bool ProjectionView::VoucherPosted(int fiscal_year, std::string_view series,
                                   std::string_view number) const {
  return posted_.Posted(fiscal_year, series, number);
}

bool ProjectionView::AnyVoucherPosted(int fiscal_year) const {
  return posted_.AnyPosted(fiscal_year);
}

std::optional<period::Period> ProjectionView::LatestClosed(const period::FiscalYear& year) const {
  // Closed months are few (twelve a year): the organisation's are scanned, in order.
  std::optional<period::Period> latest;
  const std::string prefix = Prefix(kClosed, organisation_);
  (void)reader_->Scan(prefix, [&](std::string_view key, std::string_view) {
    if (key.size() != prefix.size() + 4) return true;
    period::Period p =
        period::Period::FromIndex(static_cast<int>(GetBigEndian32(key.data() + prefix.size())));
    if (year.Contains(p)) latest = p;
    return !(year.Periods().last < p);
  });
  return latest;
}

std::string ProjectionView::ImportOfContent(std::string_view sha256) const {
  absl::StatusOr<std::optional<std::string>> value =
      reader_->Get(Prefix(kContent, organisation_) + std::string(sha256));
  if (!value.ok() || !value->has_value()) return "";
  return **value;
}

std::map<std::string, int64_t, std::less<>> ProjectionView::AccountTotals(
    const period::Period& p) const {
  std::map<std::string, absl::int128, std::less<>> sums;
  std::string prefix = Prefix(kCell, organisation_);
  const size_t organisation_prefix = prefix.size();
  PutBigEndian32(&prefix, PeriodCode(p));
  (void)reader_->Scan(prefix, [&](std::string_view key, std::string_view value) {
    CellParts parts;
    int64_t actual = 0, budget = 0;
    if (!ParseCellKey(key, organisation_prefix, &parts) || !DecodeCell(value, &actual, &budget)) {
      return true;  // the queries report a corrupt cell; the import checks what it can
    }
    if (actual != 0) sums[std::string(parts.account)] += actual;
    return true;
  });
  std::map<std::string, int64_t, std::less<>> totals;
  for (const auto& [account, sum] : sums) {
    totals.emplace(account, sum > INT64_MAX   ? INT64_MAX
                            : sum < INT64_MIN ? INT64_MIN
                                              : static_cast<int64_t>(sum));
  }
  return totals;
}

std::string ProjectionDirectory::OrganisationForOrgnr(std::string_view orgnr) const {
  absl::StatusOr<std::optional<std::string>> value =
      reader_->Get(Prefix(kOrgnr, "") + std::string(orgnr));
  if (!value.ok() || !value->has_value()) return "";
  return **value;
}

const LedgerView& ProjectionDirectory::View(std::string_view organisation) {
  auto it = views_.find(organisation);
  if (it == views_.end()) {
    it = views_
             .emplace(std::string(organisation),
                      std::make_unique<ProjectionView>(reader_, std::string(organisation)))
             .first;
  }
  return *it->second;
}

}  // namespace tertial::ledger
