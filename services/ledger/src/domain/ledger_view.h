#ifndef TERTIAL_LEDGER_DOMAIN_LEDGER_VIEW_H_
#define TERTIAL_LEDGER_DOMAIN_LEDGER_VIEW_H_

// What an import needs to know about an organisation's ledger so far: its chart, its
// dimensions and objects, its units and projects, its fiscal years, the vouchers already
// posted and the periods closed. The projection implements it over a snapshot; tests use
// an in-memory one. Pure interface: no storage types.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tertial/chart/posting.h"
#include "tertial/chart/unit_tree.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/period/period.h"

namespace tertial::ledger {

// The dimensions tertial gives a meaning: units (SIE #DIM 1) and projects (#DIM 6).
inline constexpr int kUnitDimension = 1;
inline constexpr int kProjectDimension = 6;

class LedgerView {
 public:
  virtual ~LedgerView() = default;
  // Name and organisation number as last defined, or nullopt.
  virtual std::optional<v1::OrganisationDefined> Organisation() const = 0;
  // The account as defined, or nullopt.
  virtual std::optional<v1::AccountDefined> Account(std::string_view account) const = 0;
  virtual bool HasDimension(int dimension) const = 0;
  virtual std::optional<v1::ObjectDefined> Object(int dimension,
                                                  std::string_view object_id) const = 0;
  virtual std::optional<v1::ProjectDefined> Project(std::string_view project_id) const = 0;
  // The whole unit tree (units are few: hundreds, not millions).
  virtual chart::UnitTree Units() const = 0;
  virtual std::optional<period::FiscalYear> FiscalYear(int label) const = 0;
  // True if a voucher with this key was posted before.
  virtual bool VoucherPosted(int fiscal_year, std::string_view series,
                             std::string_view number) const = 0;
  // True if the organisation has any voucher in that fiscal year (a fast path: a first
  // import of a year needs no per-voucher look-ups).
  virtual bool AnyVoucherPosted(int fiscal_year) const = 0;
  // The latest month of `year` that was closed (PeriodClosed), or nullopt. Closing month m
  // closes every month of its fiscal year up to m (chart::ClosedBy); ClosingOf below asks
  // whether a given month is closed.
  virtual std::optional<period::Period> LatestClosed(const period::FiscalYear& year) const = 0;
  // The import that brought this content (SHA-256 hex), or empty.
  virtual std::string ImportOfContent(std::string_view sha256) const = 0;
  // The actual amounts the ledger holds per account in period `p`, summed over units and
  // projects (accounts without any are left out). A sum past int64 is clamped: it is past
  // money::kMaxTotalOre either way. Costs a scan of the period's balances: an import asks
  // once per period it posts in, and only for a fiscal year that has vouchers.
  virtual std::map<std::string, int64_t, std::less<>> AccountTotals(
      const period::Period& p) const = 0;
};

// The closing that closes `p` (the latest closed month of `year`, when `p` is not after
// it), or nullopt if `p` is open.
inline std::optional<period::Period> ClosingOf(const LedgerView& view,
                                               const period::FiscalYear& year,
                                               const period::Period& p) {
  std::optional<period::Period> latest = view.LatestClosed(year);
  if (latest && chart::ClosedBy(year, *latest, p)) return latest;
  return std::nullopt;
}

// "period 2021-02 is closed (closing 2021-03 closed its fiscal year's months up to
// 2021-03)": why nothing may be posted in `p`, closed by `closing`.
inline std::string ClosedPeriodMessage(const period::Period& p, const period::Period& closing) {
  std::string out = "period " + period::FormatPeriod(p) + " is closed";
  if (closing != p) {
    out += " (closing " + period::FormatPeriod(closing) +
           " closed its fiscal year's months up to " + period::FormatPeriod(closing) + ")";
  }
  return out + "; nothing may be posted in it";
}

// The fiscal year `p` belongs to: the organisation's year that contains it, else the
// calendar year.
inline period::FiscalYear FiscalYearOf(const LedgerView& view, const period::Period& p) {
  for (int label : {p.year, p.year - 1}) {
    std::optional<period::FiscalYear> known = view.FiscalYear(label);
    if (known && known->Contains(p)) return *known;
  }
  return period::FiscalYear::Calendar(p.year);
}

// Resolves organisations: the kommunkod an SIE #ORGNR belongs to, and each one's view.
class LedgerDirectory {
 public:
  virtual ~LedgerDirectory() = default;
  // The kommunkod of a known organisation with this organisation number; empty if none.
  virtual std::string OrganisationForOrgnr(std::string_view orgnr) const = 0;
  // The organisation's ledger; owned by the directory, valid while it lives.
  virtual const LedgerView& View(std::string_view organisation) = 0;
};

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_DOMAIN_LEDGER_VIEW_H_
