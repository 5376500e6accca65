#ifndef TERTIAL_LEDGER_PROJECTION_H_
#define TERTIAL_LEDGER_PROJECTION_H_

// The ledger's read model in its own RocksDB (DATA_DIR/ledger), built from the ledger
// topic by a projection::Runner:
//
//   balance cells   (organisation, period, unit, account, project) -> actual, budget
//   definitions     organisation, fiscal years, accounts, dimensions, objects, units,
//                   projects
//   voucher index   (organisation, fiscal year, series, number): what is posted
//   imports         by content hash and in order; closed periods
//
// Balance queries aggregate cells, never vouchers: a year of a municipality is some
// hundred thousand cells however many million transactions it has.
//
// Key layout (DO NOT CHANGE without a rebuild: the projection can be rebuilt from the log,
// but a running service reads these keys): "<tag>\0<organisation>\0<rest>", tags below.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "domain/ledger_view.h"
#include "tertial/chart/voucher_index.h"
#include "tertial/ledger/v1/service.pb.h"
#include "tertial/projection/runner.h"
#include "tertial/projection/store.h"

namespace tertial::ledger {

class LedgerProjection final : public projection::Projection {
 public:
  std::vector<std::string> Topics() const override;
  absl::Status Apply(std::string_view topic, const eventlog::Record& record,
                     const eventlog::Envelope& envelope, projection::Store& store) override;
  void BeginStep() override;
  absl::Status EndStep(projection::Store& store) override;

 private:
  // A step's changes to balance cells, summed in memory and written once in EndStep: a
  // step of thousands of vouchers touches far fewer cells than it has transactions.
  struct PendingCell {
    int64_t actual_delta_ore = 0;
    bool budget_set = false;
    int64_t budget_ore = 0;
    // A compensating voucher (a retraction) touched it: a cell it leaves at zero actual and
    // zero budget goes, as if the retracted import had never made it.
    bool compensated = false;
  };
  absl::Status ApplyVoucher(const std::string& org, const v1::VoucherPosted& voucher,
                            projection::Store& store);
  void ApplyBudget(const std::string& org, const v1::BudgetLinesSet& set);

  absl::flat_hash_map<std::string, PendingCell> cells_;
  std::string key_buffer_;
  v1::LedgerEvent event_;
  // Which vouchers count (a key the log holds twice counts once), in the keys 'N', 'v',
  // 'w' and 'x' (projection_keys.h).
  chart::VoucherIndex vouchers_;
};

// Read side: the ledger of one organisation as the import and the queries see it.
class ProjectionView final : public LedgerView {
 public:
  ProjectionView(const projection::Reader* reader, std::string organisation);

  std::optional<v1::OrganisationDefined> Organisation() const override;
  std::optional<v1::AccountDefined> Account(std::string_view account) const override;
  bool HasDimension(int dimension) const override;
  std::optional<v1::ObjectDefined> Object(int dimension, std::string_view object_id) const override;
  std::optional<v1::ProjectDefined> Project(std::string_view project_id) const override;
  chart::UnitTree Units() const override;
  std::optional<period::FiscalYear> FiscalYear(int label) const override;
  bool VoucherPosted(int fiscal_year, std::string_view series,
                     std::string_view number) const override;
  bool AnyVoucherPosted(int fiscal_year) const override;
  std::optional<period::Period> LatestClosed(const period::FiscalYear& year) const override;
  std::string ImportOfContent(std::string_view sha256) const override;
  std::map<std::string, int64_t, std::less<>> AccountTotals(const period::Period& p) const override;

 private:
  const projection::Reader* reader_;
  std::string organisation_;
  chart::PostedVouchers posted_;
};

class ProjectionDirectory final : public LedgerDirectory {
 public:
  explicit ProjectionDirectory(const projection::Reader* reader) : reader_(reader) {}
  std::string OrganisationForOrgnr(std::string_view orgnr) const override;
  const LedgerView& View(std::string_view organisation) override;

 private:
  const projection::Reader* reader_;
  std::map<std::string, std::unique_ptr<ProjectionView>, std::less<>> views_;
};

// Queries.
absl::StatusOr<std::vector<v1::BalanceRow>> QueryBalances(const projection::Reader& reader,
                                                          const v1::GetBalancesRequest& request);
absl::StatusOr<v1::ListUnitsResponse> QueryUnits(const projection::Reader& reader,
                                                 std::string_view organisation);
absl::StatusOr<v1::ListProjectsResponse> QueryProjects(const projection::Reader& reader,
                                                       std::string_view organisation);
absl::StatusOr<v1::ListImportsResponse> QueryImports(const projection::Reader& reader,
                                                     std::string_view organisation);
// OK if the organisation has imported anything; NOT_FOUND naming the known organisations
// (and the organisation an organisation number given for a kommunkod belongs to) if not,
// so that a typo in --org does not look like an empty ledger. Only organisations for which
// `visible` is true are named (a caller sees only what it may read).
absl::Status CheckOrganisationKnown(const projection::Reader& reader, std::string_view organisation,
                                    const std::function<bool(std::string_view)>& visible);

// The month whose closing closes `p` (p itself or a later month of its fiscal year), or
// nullopt if `p` is open.
absl::StatusOr<std::optional<period::Period>> QueryClosingOf(const projection::Reader& reader,
                                                             std::string_view organisation,
                                                             const period::Period& p);

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_PROJECTION_H_
