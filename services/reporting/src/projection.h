#ifndef TERTIAL_SERVICES_REPORTING_SRC_PROJECTION_H_
#define TERTIAL_SERVICES_REPORTING_SRC_PROJECTION_H_

// The reporting projection: what the report needs from the ledger, forecast, goals and
// reporting topics, kept in the service's own RocksDB. Aggregates, not vouchers: net
// costs and revenues per (organisation, month, unit) and investment spending and income
// per (organisation, month, project), each line in its voucher's month, budget lines by key (a
// budget file replaces lines), the latest forecast per as-of month, adjustments, the goals facts by
// their latest-wins keys, and narratives. LoadInput (input_loader.h) turns it into the
// builder's input.
//
// Key layout (organisation = kommunkod; months YYYY-MM):
//   o/<org>                                  organisation name
//   u/<org>/<unit>                           ledger.v1.UnitDefined
//   p/<org>/<project>                        ledger.v1.ProjectDefined
//   y/<org>/<year>                           ledger.v1.FiscalYearDefined
//   a/<org>/<month>/<unit>                   "<costs_ore> <revenues_ore>" (classes 3-7)
//   i/<org>/<month>/<project>                "<spending_ore> <income_ore>" (investment,
//                                            tertial/chart/posting.h)
//   v/...                                    the voucher index (which vouchers count;
//                                            tertial/chart/voucher_index.h)
//   b/<org>/<month>/<unit>/<account>/<proj>  budget amount in öre (default version only)
//   c/<org>/<month>                          period closed
//   f/<org>/<as_of month>                    forecast.v1.ForecastPublished (latest wins)
//   j/<org>/<adjustment>                     forecast.v1.AdjustmentMade (deleted when withdrawn)
//   g/<org>/<kind>/...                       goals.v1 facts (see projection.cc)
//   n/<org>/<board>/<month>/<section>        reporting.v1.NarrativeSet markdown
//   l/<org>                                  "<offset> <event id>" of the latest ledger event
//   applied lc/<org>/<YYYY>                          the same for the latest ledger event that
//   changes
//                                            what a forecast of fiscal year YYYY or a later one
//                                            rests on ("0000": a unit or project, every year)
//   ly/<org>/<year>                          ledger.v1.FiscalYearDefined (to tell a change)
//   fm/<org>/<as_of month>                   "<recorded_at seconds> <event id>" of the f/ entry
//
// A project's frames merge by fiscal year (docs/events.md), as do the other services'.

#include <memory>

#include "tertial/chart/voucher_index.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/period/period.h"
#include "tertial/projection/runner.h"

namespace tertial::reporting {

class ReportingProjection final : public projection::Projection {
 public:
  ReportingProjection();
  ~ReportingProjection() override;
  std::vector<std::string> Topics() const override;
  absl::Status Apply(std::string_view topic, const eventlog::Record& record,
                     const eventlog::Envelope& envelope, projection::Store& store) override;
  void BeginStep() override;
  absl::Status EndStep(projection::Store& store) override;

  // What a step gathers in memory (the aggregates its vouchers change, the ledger
  // positions), written once in EndStep instead of once per event.
  struct Step;

 private:
  chart::VoucherIndex vouchers_{"v/"};
  std::unique_ptr<Step> step_;
  // One message reused for every ledger event: parsing into it keeps its memory.
  ledger::v1::LedgerEvent ledger_event_;
};

// "2021-08"
std::string MonthKey(int year, int month);
std::string MonthKey(const period::Period& period);
// Where a section's narrative is kept: n/<org>/<board>/<month>/<section>.
std::string NarrativeKey(std::string_view organisation, std::string_view board,
                         const period::Period& period, std::string_view section);
// The ledger position keys above (l/, lc/) and the forecast publication's (fm/).
std::string LedgerPositionKey(std::string_view organisation);
std::string LedgerChangeKey(std::string_view organisation, int fiscal_year);
std::string ForecastPublicationKey(std::string_view organisation, const period::Period& as_of);

}  // namespace tertial::reporting

#endif  // TERTIAL_SERVICES_REPORTING_SRC_PROJECTION_H_
