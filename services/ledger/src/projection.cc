#include "projection.h"

#include <algorithm>

#include "domain/convert.h"
#include "domain/sie_import.h"
#include "posted_index.h"
#include "projection_keys.h"
#include "tertial/base/strings.h"
#include "tertial/chart/posting.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/money/money.h"

namespace tertial::ledger {

namespace {

std::string CellName(const std::string& org, const period::Period& p,
                     const v1::Transaction& transaction) {
  return StrCat("the balance of organisation ", org, ", account ", transaction.account(),
                ", unit '", chart::UnitOf(transaction), "', period ", period::FormatPeriod(p));
}

absl::Status ApplyProject(const std::string& org, const v1::ProjectDefined& defined,
                          projection::Store& store) {
  std::string key = Prefix(kProject, org) + defined.project_id();
  std::optional<v1::ProjectDefined> existing = GetMessage<v1::ProjectDefined>(store, key);
  v1::ProjectDefined merged = defined;
  if (existing) {
    // Frames merge by year: a frame given replaces that year's, the others stay.
    std::map<int, int64_t> frames;
    for (const v1::ProjectFrame& f : existing->frames()) frames[f.fiscal_year()] = f.frame_ore();
    for (const v1::ProjectFrame& f : defined.frames()) frames[f.fiscal_year()] = f.frame_ore();
    merged.clear_frames();
    for (const auto& [year, frame] : frames) {
      v1::ProjectFrame* f = merged.add_frames();
      f->set_fiscal_year(year);
      f->set_frame_ore(frame);
    }
    // A project defined by use in an SIE file keeps the owner and name a project file gave.
    if (merged.unit_id().empty()) merged.set_unit_id(existing->unit_id());
  }
  return PutMessage(store, key, merged);
}

// The import's content may come again (under a new import id, import_job::ImportId); the
// retraction is kept with who and when, so that retracting again answers with it.
absl::Status ApplyRetracted(const std::string& org, const v1::ImportRetracted& retracted,
                            const eventlog::Envelope& envelope, projection::Store& store) {
  const std::string content = Prefix(kContent, org) + retracted.content_sha256();
  absl::StatusOr<std::optional<std::string>> holder = store.Get(content);
  if (!holder.ok()) return holder.status();
  if (holder->has_value() && **holder == retracted.import_id()) store.Delete(content);
  v1::Retraction retraction;
  *retraction.mutable_event() = retracted;
  retraction.set_actor(envelope.actor());
  retraction.set_retracted_at_seconds(envelope.occurred_at().seconds());
  return PutMessage(store, Prefix(kRetraction, org) + retracted.import_id(), retraction);
}

absl::Status ApplyReopened(const std::string& org, const v1::PeriodReopened& reopened,
                           const eventlog::Envelope& envelope, projection::Store& store) {
  for (const common::v1::Period& p : reopened.reopened()) {
    std::string key = Prefix(kClosed, org);
    PutBigEndian32(&key, PeriodCode(FromProto(p)));
    store.Delete(key);
  }
  if (reopened.has_closed_through()) {
    std::string key = Prefix(kClosed, org);
    PutBigEndian32(&key, PeriodCode(FromProto(reopened.closed_through())));
    store.Put(key, "");
  }
  store.Put(YearKey(kReopened, org, reopened.fiscal_year()), envelope.event_id());
  return absl::OkStatus();
}

}  // namespace

void LedgerProjection::BeginStep() {
  cells_.clear();
  vouchers_.BeginStep();
}

absl::Status LedgerProjection::ApplyVoucher(const std::string& org,
                                            const v1::VoucherPosted& voucher,
                                            projection::Store& store) {
  // The import never posts a key twice; should the log hold one twice anyway (a retried
  // commit, two writers), the first counts, here as in every other projection.
  absl::StatusOr<bool> counts = vouchers_.Admit(store, org, voucher);
  if (!counts.ok()) return counts.status();
  if (!*counts) return absl::OkStatus();
  IndexPostedAlone(store, org, voucher);
  const period::Period p = chart::CountingPeriod(voucher);
  for (const v1::Transaction& transaction : voucher.transactions()) {
    if (!chart::Counts(transaction)) continue;
    BuildCellKey(&key_buffer_, org, p, chart::UnitOf(transaction), transaction.account(),
                 chart::ProjectOf(transaction));
    auto it = cells_.find(ToAbsl(key_buffer_));
    if (it == cells_.end()) it = cells_.emplace(key_buffer_, PendingCell{}).first;
    if (!voucher.retraction_id().empty()) it->second.compensated = true;
    // The import keeps account totals within money::kMaxTotalOre; a balance past int64
    // all the same (units cancelling out) stops here rather than wrap.
    if (absl::Status s = money::Add(&it->second.actual_delta_ore, transaction.amount_ore(),
                                    CellName(org, p, transaction));
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

void LedgerProjection::ApplyBudget(const std::string& org, const v1::BudgetLinesSet& set) {
  // Only the default budget is shown beside the actuals; other versions are kept in the
  // log for whoever needs them.
  if (!set.version().empty()) return;
  for (const v1::BudgetLine& line : set.lines()) {
    PendingCell& cell = cells_[CellKey(org, FromProto(line.period()), line.unit_id(),
                                       line.account(), line.project_id())];
    cell.budget_set = true;
    cell.budget_ore = line.amount_ore();
  }
}

absl::Status LedgerProjection::EndStep(projection::Store& store) {
  if (absl::Status s = vouchers_.EndStep(store); !s.ok()) return s;
  for (const auto& [key, change] : cells_) {
    absl::StatusOr<std::optional<std::string>> value = store.Get(key);
    if (!value.ok()) return value.status();
    int64_t actual = 0, budget = 0;
    if (value->has_value() && !DecodeCell(**value, &actual, &budget)) {
      return absl::DataLossError("ledger projection: corrupt balance cell");
    }
    std::optional<int64_t> sum = money::CheckedAdd(actual, change.actual_delta_ore);
    if (!sum) {
      return absl::OutOfRangeError(
          "ledger projection: a balance cell's actual amount would pass int64 (more than "
          "9.2·10^16 kronor); quarantine the voucher that brings it (docs/deploy.md)");
    }
    const int64_t new_budget = change.budget_set ? change.budget_ore : budget;
    if (change.compensated && *sum == 0 && new_budget == 0) {
      store.Delete(key);
      continue;
    }
    store.Put(key, EncodeCell(*sum, new_budget));
  }
  BeginStep();
  return absl::OkStatus();
}

std::vector<std::string> LedgerProjection::Topics() const {
  return {std::string(eventlog::kLedgerTopic)};
}

absl::Status LedgerProjection::Apply(std::string_view topic, const eventlog::Record& record,
                                     const eventlog::Envelope& envelope, projection::Store& store) {
  // One message reused for every event: parsing into it keeps its memory.
  v1::LedgerEvent& event = event_;
  event.Clear();
  if (absl::Status s = eventlog::Unwrap(envelope, &event); !s.ok()) return s;
  const std::string& org = envelope.organisation();
  switch (event.event_case()) {
    case v1::LedgerEvent::kOrganisationDefined: {
      const auto& defined = event.organisation_defined();
      if (!defined.orgnr().empty()) store.Put(Prefix(kOrgnr, "") + defined.orgnr(), org);
      return PutMessage(store, Prefix(kOrganisation, org), defined);
    }
    case v1::LedgerEvent::kFiscalYearDefined:
      return PutMessage(store, YearKey(kYear, org, event.fiscal_year_defined().fiscal_year()),
                        event.fiscal_year_defined());
    case v1::LedgerEvent::kUnitDefined:
      return PutMessage(store, Prefix(kUnit, org) + event.unit_defined().unit_id(),
                        event.unit_defined());
    case v1::LedgerEvent::kAccountDefined:
      return PutMessage(store, Prefix(kAccount, org) + event.account_defined().account(),
                        event.account_defined());
    case v1::LedgerEvent::kDimensionDefined:
      return PutMessage(store, YearKey(kDimension, org, event.dimension_defined().dimension()),
                        event.dimension_defined());
    case v1::LedgerEvent::kObjectDefined: {
      std::string key = YearKey(kObject, org, event.object_defined().dimension());
      key.append(event.object_defined().object_id());
      return PutMessage(store, key, event.object_defined());
    }
    case v1::LedgerEvent::kProjectDefined:
      return ApplyProject(org, event.project_defined(), store);
    case v1::LedgerEvent::kVoucherPosted:
      return ApplyVoucher(org, event.voucher_posted(), store);
    case v1::LedgerEvent::kBudgetLinesSet:
      ApplyBudget(org, event.budget_lines_set());
      return absl::OkStatus();
    case v1::LedgerEvent::kImportCompleted: {
      const auto& completed = event.import_completed();
      store.Put(Prefix(kContent, org) + completed.content_sha256(), completed.import_id());
      vouchers_.Completed(store, org, completed.import_id());
      std::string key = Prefix(kImport, org);
      PutBigEndian64(&key, static_cast<uint64_t>(record.offset));
      return PutMessage(store, key, completed);
    }
    case v1::LedgerEvent::kPeriodClosed: {
      std::string key = Prefix(kClosed, org);
      PutBigEndian32(&key, PeriodCode(FromProto(event.period_closed().period())));
      store.Put(key, "");
      return absl::OkStatus();
    }
    case v1::LedgerEvent::kImportRetracted:
      return ApplyRetracted(org, event.import_retracted(), envelope, store);
    case v1::LedgerEvent::kPeriodReopened:
      return ApplyReopened(org, event.period_reopened(), envelope, store);
    case v1::LedgerEvent::EVENT_NOT_SET:
      return absl::OkStatus();  // a newer producer's event: skipped
  }
  return absl::OkStatus();
}

}  // namespace tertial::ledger
