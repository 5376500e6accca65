#ifndef TERTIAL_GOALS_PROJECTION_H_
#define TERTIAL_GOALS_PROJECTION_H_

// The goals service's projection (DATA_DIR/goals): the goals facts of each organisation,
// latest per key (every revision for indicator values), and the ledger sums the
// finance-derived indicators need. Follows tertial.goals.v1 and tertial.ledger.v1.
//
// Keys (DO NOT CHANGE without a rebuild; fields separated by '\0'):
//   "O" org                                        -> "" (an organisation with goals)
//   "G" org <kind> ...                             -> an Envelope (the fact that set it)
//       kind "plan" board year | "goal" board year id | "ind" board year id
//            "target" board year id breakdown | "assess" board year goal period
//            "act" board year id | "actst" board year id period | "asg" board year id
//            "asgst" board year id period | "pers" unit measure period
//            "perst" unit measure year | "eval" board year period
//            "value" board indicator breakdown period be64(offset)   (every revision)
//            "import" be64(offset)
//   "L" org "u" unit | "p" project | "f" fiscal_year   -> the ledger event's payload
//   "L" org "c" period                                 -> "" (closed)
//   "L" org "v" fiscal_year period                     -> "" (a voucher in that month)
//   "L" org "o" fiscal_year period unit                -> be64 actual, be64 budget (öre)
//   "L" org "i" fiscal_year period project unit        -> be64 actual, be64 budget (öre): net
//                                                         investment (spending + income)
//   "V"...                                             the voucher index (which vouchers
//                                                         count; tertial/chart/voucher_index.h)
//   "L" org "s" fiscal_year period unit                -> be64 personnel costs (class 5), be64 0
//   "L" org "b" version fiscal_year unit account project period -> be64 amount (budget line)
// Years are 4 digits, periods "YYYY-MM" ("YYYY-00" for a whole year).

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/finance.h"
#include "domain/state.h"
#include "tertial/chart/voucher_index.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/projection/runner.h"
#include "tertial/projection/store.h"

namespace tertial::goals {

class GoalsProjection final : public projection::Projection {
 public:
  GoalsProjection();
  ~GoalsProjection() override;
  std::vector<std::string> Topics() const override;
  absl::Status Apply(std::string_view topic, const eventlog::Record& record,
                     const eventlog::Envelope& envelope, projection::Store& store) override;
  void BeginStep() override;
  absl::Status EndStep(projection::Store& store) override;

  // What a step gathers in memory (the ledger sums its events change), written once in
  // EndStep instead of once per voucher line.
  struct Step;

 private:
  chart::VoucherIndex vouchers_{"V"};
  std::unique_ptr<Step> step_;
  // One message reused for every ledger event: parsing into it keeps its memory.
  ledger::v1::LedgerEvent ledger_event_;
};

// One organisation's goals facts, folded into a State.
absl::StatusOr<State> LoadState(const projection::Reader& reader, const std::string& organisation);
// One organisation's ledger sums.
absl::StatusOr<LedgerFacts> LoadLedger(const projection::Reader& reader,
                                       const std::string& organisation);
// Organisations with goals facts, in kommunkod order.
absl::StatusOr<std::vector<std::string>> Organisations(const projection::Reader& reader);

}  // namespace tertial::goals

#endif  // TERTIAL_GOALS_PROJECTION_H_
