#ifndef TERTIAL_FORECAST_STORE_FORMAT_H_
#define TERTIAL_FORECAST_STORE_FORMAT_H_

// The forecast projection's keys and values in its RocksDB (DATA_DIR/forecast). A key is a
// tag byte, then the organisation and the key's parts, each after a '\0'; years are
// big-endian so that scans come out in order. The projection can always be rebuilt from
// the log, so a change here needs a rebuild, not a migration.
//
//   u org unit                      UnitDefined
//   f org year                      FiscalYearDefined
//   p org project                   ProjectDefined (frames merged per year)
//   a org year unit                 UnitCell: a unit's own actuals and budget per month
//   i org year project              ProjectCell: a project's spending, income and budget
//   b org year unit account project period   the amount of one budget key (for replacing)
//   d org adjustment                Adjustment (service.proto)
//   m org year unit                 MethodChosen
//   c org year month                a closed month of the fiscal year
//   q org trigger-event-id          PendingPublication: a forecast to publish
//   r org trigger-event-id          the id of the ForecastPublished that covered it
//   v org                           version: events applied for the organisation
//   l org                           LedgerMark: the latest ledger event of the organisation
//   g org year                      LedgerMark: the latest ledger event that changed what the
//                                   forecasts of that fiscal year (and later ones) rest on;
//                                   year 0: of every year (units, projects)
//   w org year as-of                the ledger_offset of the latest ForecastPublished for
//                                   (year, as-of); 0 for one published before that field
//   L...                            the voucher index (tertial/chart/voucher_index.h)
//
// Every value is a function of the set of events applied, whatever order the runner
// interleaves the two topics in (a pending trigger exists iff its event was applied and no
// ForecastPublished covering it was; l and g are the last of a partition's events in log
// order, w the largest offset published), so a rebuild gives the same bytes.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/figures.h"
#include "tertial/period/period.h"

namespace tertial::forecast::store {

std::string Prefix(char tag, std::string_view organisation);  // tag '\0' org '\0'
std::string UnitKey(std::string_view org, std::string_view unit);
std::string FiscalYearKey(std::string_view org, int year);
std::string ProjectKey(std::string_view org, std::string_view project);
std::string UnitCellKey(std::string_view org, int year, std::string_view unit);
std::string ProjectCellKey(std::string_view org, int year, std::string_view project);
std::string BudgetKey(std::string_view org, int year, std::string_view unit,
                      std::string_view account, std::string_view project, const period::Period& p);
std::string AdjustmentKey(std::string_view org, std::string_view id);
std::string MethodKey(std::string_view org, int year, std::string_view unit);
std::string ClosedKey(std::string_view org, int year, int month);
std::string ClosedPrefix(std::string_view org, int year);
std::string PendingKey(std::string_view org, std::string_view trigger);
std::string PublishedKey(std::string_view org, std::string_view trigger);
std::string VersionKey(std::string_view org);
std::string LatestLedgerKey(std::string_view org);
std::string LedgerChangeKey(std::string_view org, int year);
std::string PublishedLedgerKey(std::string_view org, int year, const period::Period& as_of);
inline constexpr char kPendingTag = 'q';
inline constexpr char kLedgerChangeTag = 'g';
inline constexpr char kPublishedLedgerTag = 'w';
// LedgerChangeKey's year for a change of every year's inputs.
inline constexpr int kEveryYear = 0;

// The parts after Prefix(tag, org) of year-keyed keys: the year, then "\0" and the rest.
bool SplitYearKey(std::string_view rest, int* year, std::string_view* tail);

std::string EncodeUnitCell(const UnitCell& cell);
bool DecodeUnitCell(std::string_view value, UnitCell* cell);
std::string EncodeProjectCell(const ProjectCell& cell);
bool DecodeProjectCell(std::string_view value, ProjectCell* cell);
std::string EncodeAmount(int64_t ore);
bool DecodeAmount(std::string_view value, int64_t* ore);
std::string EncodeCounter(uint64_t value);
uint64_t DecodeCounter(std::string_view value);  // 0 if malformed

// A forecast the reactor has to publish, recorded when its trigger is applied.
struct PendingPublication {
  // Where the trigger is in the log: 0 for the ledger topic, 1 for the forecast topic.
  int topic = 0;
  int64_t offset = 0;
  int fiscal_year = 0;
  // The period closed; unset for the other triggers: those publish as of the year's latest
  // closed period when the reactor runs, and wait while none is closed.
  std::optional<period::Period> as_of;
  std::string trigger;  // "period_closed", "adjustment_made", ...
  std::string trigger_event_id;
  std::string correlation_id;
  int64_t occurred_at_seconds = 0;
  std::string organisation;  // from the key
};
// One ledger event, as far as the reactor needs it to say what a forecast reflects and to
// publish for a change deterministically.
struct LedgerMark {
  int64_t offset = 0;
  std::string event_id;
  std::string correlation_id;
  int64_t occurred_at_seconds = 0;
  bool operator==(const LedgerMark&) const = default;
};
std::string EncodeLedgerMark(const LedgerMark& mark);
bool DecodeLedgerMark(std::string_view value, LedgerMark* mark);

std::string EncodePending(const PendingPublication& pending);
bool DecodePending(std::string_view value, PendingPublication* pending);

}  // namespace tertial::forecast::store

#endif  // TERTIAL_FORECAST_STORE_FORMAT_H_
