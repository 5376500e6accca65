#include "projection.h"

#include <algorithm>
#include <map>

#include "domain/figures.h"
#include "domain/ledger_figures.h"
#include "store_format.h"
#include "tertial/base/strings.h"
#include "tertial/chart/account_class.h"
#include "tertial/chart/posting.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/forecast/v1/events.pb.h"
#include "tertial/forecast/v1/service.pb.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/money/money.h"
#include "tertial/period/proto.h"

namespace tertial::forecast {
namespace {

using projection::Store;

absl::Status Corrupt(std::string_view what) {
  return absl::DataLossError(StrCat("forecast projection: malformed ", what));
}

// The fiscal year `year` as the ledger defined it, else the calendar year.
absl::StatusOr<period::FiscalYear> FiscalYearOf(Store& store, std::string_view org, int year) {
  absl::StatusOr<std::optional<std::string>> value = store.Get(store::FiscalYearKey(org, year));
  if (!value.ok()) return value.status();
  if (value->has_value()) {
    ledger::v1::FiscalYearDefined defined;
    if (!defined.ParseFromString(**value)) return Corrupt("fiscal year");
    absl::StatusOr<period::FiscalYear> fy = period::FiscalYear::FromDates(
        {defined.start().year(), defined.start().month(), defined.start().day()},
        {defined.end().year(), defined.end().month(), defined.end().day()});
    if (fy.ok()) return *fy;
  }
  return period::FiscalYear::Calendar(year);
}

// The fiscal year containing `p`: a defined one, else its calendar year.
absl::StatusOr<int> YearOfPeriod(Store& store, std::string_view org, const period::Period& p) {
  std::optional<int> found;
  absl::Status scan =
      store.Scan(store::Prefix('f', org), [&](std::string_view, std::string_view value) {
        ledger::v1::FiscalYearDefined defined;
        if (!defined.ParseFromString(std::string(value))) return true;
        absl::StatusOr<period::FiscalYear> fy = period::FiscalYear::FromDates(
            {defined.start().year(), defined.start().month(), defined.start().day()},
            {defined.end().year(), defined.end().month(), defined.end().day()});
        if (fy.ok() && fy->Contains(p)) {
          found = defined.fiscal_year();
          return false;
        }
        return true;
      });
  if (!scan.ok()) return scan;
  return found ? *found : p.year;
}

// Read-modify-write of the cells a step's events touch: read from the store at the first
// touch, written once in EndStep (a step applies up to thousands of vouchers into a few
// hundred cells).
template <typename Cell, bool (*Decode)(std::string_view, Cell*),
          std::string (*Encode)(const Cell&)>
class CellCache {
 public:
  absl::StatusOr<Cell*> Get(Store& store, const std::string& key) {
    auto it = cells_.find(key);
    if (it != cells_.end()) return &it->second;
    absl::StatusOr<std::optional<std::string>> value = store.Get(key);
    if (!value.ok()) return value.status();
    Cell cell;
    if (value->has_value() && !Decode(**value, &cell)) return Corrupt("cell");
    return &cells_.emplace(key, std::move(cell)).first->second;
  }
  void Flush(Store& store) {
    for (const auto& [key, cell] : cells_) store.Put(key, Encode(cell));
    cells_.clear();
  }
  void Clear() { cells_.clear(); }

 private:
  std::map<std::string, Cell> cells_;
};
using UnitCells = CellCache<UnitCell, store::DecodeUnitCell, store::EncodeUnitCell>;
using ProjectCells = CellCache<ProjectCell, store::DecodeProjectCell, store::EncodeProjectCell>;

}  // namespace

// What a step gathers in memory and writes once in EndStep, instead of once per event.
struct ForecastProjection::Step {
  UnitCells units;
  ProjectCells projects;
  // Events that changed figures, per organisation (the version counts them).
  std::map<std::string, uint64_t> changes;
  // Fiscal years looked up, per (organisation, year); forgotten when one is defined.
  std::map<std::pair<std::string, int>, period::FiscalYear> fiscal_years;
  // The ledger marks.
  std::map<std::string, store::LedgerMark> latest;                   // organisation
  std::map<std::pair<std::string, int>, store::LedgerMark> changed;  // (organisation, year)

  void Clear() {
    units.Clear();
    projects.Clear();
    changes.clear();
    fiscal_years.clear();
    latest.clear();
    changed.clear();
  }
};

namespace {

using Step = ForecastProjection::Step;

// FiscalYearOf, remembered for the step.
absl::StatusOr<period::FiscalYear> StepFiscalYear(Step& step, Store& store, std::string_view org,
                                                  int year) {
  auto key = std::make_pair(std::string(org), year);
  auto it = step.fiscal_years.find(key);
  if (it != step.fiscal_years.end()) return it->second;
  absl::StatusOr<period::FiscalYear> fy = FiscalYearOf(store, org, year);
  if (!fy.ok()) return fy.status();
  step.fiscal_years.emplace(std::move(key), *fy);
  return *fy;
}

absl::Status ApplyVoucher(Store& store, Step& step, std::string_view org,
                          const ledger::v1::VoucherPosted& v, chart::VoucherIndex& vouchers,
                          bool* changed) {
  // A voucher key the log holds twice counts once (tertial/chart/voucher_index.h).
  absl::StatusOr<bool> counts = vouchers.Admit(store, org, v);
  if (!counts.ok()) return counts.status();
  if (!*counts) {
    *changed = false;
    return absl::OkStatus();
  }
  absl::StatusOr<period::FiscalYear> fy = StepFiscalYear(step, store, org, v.fiscal_year());
  if (!fy.ok()) return fy.status();
  absl::StatusOr<VoucherFigures> computed = FiguresOf(v, *fy);
  if (!computed.ok()) return computed.status();
  const VoucherFigures& figures = *computed;
  for (const auto& [unit, months] : figures.units) {
    absl::StatusOr<UnitCell*> cell =
        step.units.Get(store, store::UnitCellKey(org, v.fiscal_year(), unit));
    if (!cell.ok()) return cell.status();
    for (const auto& [month, amounts] : months) {
      UnitMonth& m = (*cell)->months[month - 1];
      const std::string what = StrCat("unit ", unit, "'s actual amounts in month ", month);
      if (absl::Status s = money::Add(&m.actual_costs_ore, amounts.actual_costs_ore, what); !s.ok())
        return s;
      if (absl::Status s = money::Add(&m.actual_revenues_ore, amounts.actual_revenues_ore, what);
          !s.ok())
        return s;
    }
  }
  for (const auto& [project, p] : figures.projects) {
    absl::StatusOr<ProjectCell*> cell =
        step.projects.Get(store, store::ProjectCellKey(org, v.fiscal_year(), project));
    if (!cell.ok()) return cell.status();
    if ((*cell)->unit_id.empty()) (*cell)->unit_id = p.unit_id;
    for (const auto& [month, amounts] : p.months) {
      const std::string what = StrCat("project ", project, "'s amounts in month ", month);
      if (absl::Status s =
              money::Add(&(*cell)->months[month - 1].spending_ore, amounts.spending_ore, what);
          !s.ok())
        return s;
      if (absl::Status s =
              money::Add(&(*cell)->months[month - 1].income_ore, amounts.income_ore, what);
          !s.ok())
        return s;
    }
  }
  return absl::OkStatus();
}

absl::Status ApplyBudget(Store& store, Step& step, std::string_view org,
                         const ledger::v1::BudgetLinesSet& set) {
  // Only the default budget is what the forecast is measured against.
  if (!set.version().empty()) return absl::OkStatus();
  absl::StatusOr<period::FiscalYear> fy = StepFiscalYear(step, store, org, set.fiscal_year());
  if (!fy.ok()) return fy.status();
  for (const ledger::v1::BudgetLine& line : set.lines()) {
    period::Period p = period::FromProto(line.period());
    int month = fy->MonthNumber(p);
    chart::AccountKind kind = chart::Classify(line.account());
    if (month == 0 || month > kMaxMonths || kind == chart::AccountKind::kOther) continue;
    if (chart::IsInvestment(kind) && line.project_id().empty()) continue;
    std::string key = store::BudgetKey(org, set.fiscal_year(), line.unit_id(), line.account(),
                                       line.project_id(), p);
    absl::StatusOr<std::optional<std::string>> old_value = store.Get(key);
    if (!old_value.ok()) return old_value.status();
    int64_t old_ore = 0;
    if (old_value->has_value() && !store::DecodeAmount(**old_value, &old_ore))
      return Corrupt("budget line");
    int64_t delta = line.amount_ore() - old_ore;
    if (line.amount_ore() == 0) {
      store.Delete(key);
    } else {
      store.Put(key, store::EncodeAmount(line.amount_ore()));
    }
    if (delta == 0) continue;
    if (chart::IsInvestment(kind)) {  // a project's budget is its net (spending + income)
      absl::StatusOr<ProjectCell*> cell = step.projects.Get(
          store, store::ProjectCellKey(org, set.fiscal_year(), line.project_id()));
      if (!cell.ok()) return cell.status();
      if ((*cell)->unit_id.empty()) (*cell)->unit_id = line.unit_id();
      if (absl::Status s =
              money::Add(&(*cell)->months[month - 1].budget_ore, delta,
                         StrCat("project ", line.project_id(), "'s budget in month ", month));
          !s.ok())
        return s;
      continue;
    }
    absl::StatusOr<UnitCell*> cell =
        step.units.Get(store, store::UnitCellKey(org, set.fiscal_year(), line.unit_id()));
    if (!cell.ok()) return cell.status();
    UnitMonth& m = (*cell)->months[month - 1];
    if (absl::Status s = money::Add(
            kind == chart::AccountKind::kCost ? &m.budget_costs_ore : &m.budget_revenues_ore, delta,
            StrCat("unit ", line.unit_id(), "'s budget in month ", month));
        !s.ok())
      return s;
  }
  return absl::OkStatus();
}

absl::Status ApplyProject(Store& store, std::string_view org, const ledger::v1::ProjectDefined& p) {
  std::string key = store::ProjectKey(org, p.project_id());
  absl::StatusOr<std::optional<std::string>> value = store.Get(key);
  if (!value.ok()) return value.status();
  // Attributes are replaced; frames are set per year listed, so that a file with one row
  // per (project, year) defines every year's frame.
  std::map<int, int64_t> frames;
  if (value->has_value()) {
    ledger::v1::ProjectDefined old;
    if (!old.ParseFromString(**value)) return Corrupt("project");
    for (const ledger::v1::ProjectFrame& f : old.frames()) frames[f.fiscal_year()] = f.frame_ore();
  }
  for (const ledger::v1::ProjectFrame& f : p.frames()) frames[f.fiscal_year()] = f.frame_ore();
  ledger::v1::ProjectDefined merged = p;
  merged.clear_frames();
  for (const auto& [year, frame] : frames) {
    ledger::v1::ProjectFrame* f = merged.add_frames();
    f->set_fiscal_year(year);
    f->set_frame_ore(frame);
  }
  store.Put(key, merged.SerializeAsString());
  return absl::OkStatus();
}

std::string TriggerId(std::string_view topic, const eventlog::Record& record,
                      const eventlog::Envelope& envelope) {
  if (!envelope.event_id().empty()) return envelope.event_id();
  return StrCat(topic, "/", record.key, "@", record.offset);
}

// Records that the forecast of `year` must be published because of this event, unless a
// ForecastPublished already covered it. `as_of` is the period a PeriodClosed closed; other
// triggers publish as of the year's latest closed period when the reactor runs (looking it
// up here would make the state depend on how the runner interleaves the two topics).
absl::Status Trigger(Store& store, std::string_view org, int year,
                     std::optional<period::Period> as_of, std::string_view trigger,
                     std::string_view topic, const eventlog::Record& record,
                     const eventlog::Envelope& envelope) {
  std::string id = TriggerId(topic, record, envelope);
  absl::StatusOr<std::optional<std::string>> published = store.Get(store::PublishedKey(org, id));
  if (!published.ok()) return published.status();
  if (published->has_value()) return absl::OkStatus();
  store::PendingPublication pending{.topic = topic == eventlog::kLedgerTopic ? 0 : 1,
                                    .offset = record.offset,
                                    .fiscal_year = year,
                                    .as_of = as_of,
                                    .trigger = std::string(trigger),
                                    .trigger_event_id = id,
                                    .correlation_id = envelope.correlation_id(),
                                    .occurred_at_seconds = envelope.occurred_at().seconds()};
  store.Put(store::PendingKey(org, id), store::EncodePending(pending));
  return absl::OkStatus();
}

// Puts `value` at `key`; true if that changed what was there.
absl::StatusOr<bool> PutChanged(Store& store, const std::string& key, const std::string& value) {
  absl::StatusOr<std::optional<std::string>> old = store.Get(key);
  if (!old.ok()) return old.status();
  if (old->has_value() && **old == value) return false;
  store.Put(key, value);
  return true;
}

// Applies a ledger event. `*changed`: it changed figures (the version counts it);
// `*inputs_of`: the fiscal year whose forecasts (and later years', which use it as prior
// year and backtest history) it can change, store::kEveryYear for the unit tree and
// projects; unset when it changes none (a definition repeated as it was, another budget
// version, a period closed: that one publishes through its own trigger).
absl::Status ApplyLedger(Store& store, Step& step, std::string_view org,
                         const eventlog::Record& record, const eventlog::Envelope& envelope,
                         ledger::v1::LedgerEvent& event, chart::VoucherIndex& vouchers,
                         bool* changed, std::optional<int>* inputs_of) {
  event.Clear();
  if (absl::Status s = eventlog::Unwrap(envelope, &event); !s.ok()) return s;
  *changed = true;
  switch (event.event_case()) {
    case ledger::v1::LedgerEvent::kUnitDefined: {
      absl::StatusOr<bool> differs =
          PutChanged(store, store::UnitKey(org, event.unit_defined().unit_id()),
                     event.unit_defined().SerializeAsString());
      if (!differs.ok()) return differs.status();
      if (*differs) *inputs_of = store::kEveryYear;
      return absl::OkStatus();
    }
    case ledger::v1::LedgerEvent::kFiscalYearDefined: {
      const int year = event.fiscal_year_defined().fiscal_year();
      absl::StatusOr<bool> differs = PutChanged(store, store::FiscalYearKey(org, year),
                                                event.fiscal_year_defined().SerializeAsString());
      if (!differs.ok()) return differs.status();
      step.fiscal_years.erase({std::string(org), year});
      if (*differs) *inputs_of = year;
      return absl::OkStatus();
    }
    case ledger::v1::LedgerEvent::kProjectDefined: {
      const std::string key = store::ProjectKey(org, event.project_defined().project_id());
      absl::StatusOr<std::optional<std::string>> before = store.Get(key);
      if (!before.ok()) return before.status();
      if (absl::Status s = ApplyProject(store, org, event.project_defined()); !s.ok()) return s;
      absl::StatusOr<std::optional<std::string>> after = store.Get(key);
      if (!after.ok()) return after.status();
      if (*before != *after) *inputs_of = store::kEveryYear;
      return absl::OkStatus();
    }
    case ledger::v1::LedgerEvent::kVoucherPosted:
      // A voucher the log holds twice counts once: the second changes nothing (*changed).
      *inputs_of = event.voucher_posted().fiscal_year();
      return ApplyVoucher(store, step, org, event.voucher_posted(), vouchers, changed);
    case ledger::v1::LedgerEvent::kImportCompleted:
      vouchers.Completed(store, org, event.import_completed().import_id());
      *changed = false;
      return absl::OkStatus();
    case ledger::v1::LedgerEvent::kBudgetLinesSet:
      // Only the default budget is what the forecast is measured against.
      if (event.budget_lines_set().version().empty())
        *inputs_of = event.budget_lines_set().fiscal_year();
      return ApplyBudget(store, step, org, event.budget_lines_set());
    case ledger::v1::LedgerEvent::kPeriodClosed: {
      period::Period p = period::FromProto(event.period_closed().period());
      if (p.month < 1 || p.month > 12) return absl::OkStatus();
      absl::StatusOr<int> year = YearOfPeriod(store, org, p);
      if (!year.ok()) return year.status();
      absl::StatusOr<period::FiscalYear> fy = StepFiscalYear(step, store, org, *year);
      if (!fy.ok()) return fy.status();
      int month = fy->MonthNumber(p);
      if (month == 0 || month > kMaxMonths) return absl::OkStatus();
      store.Put(store::ClosedKey(org, *year, month), "");
      return Trigger(store, org, *year, p, "period_closed", eventlog::kLedgerTopic, record,
                     envelope);
    }
    default:
      *changed = false;
      return absl::OkStatus();  // not the forecast's (accounts, objects, imports, ...)
  }
}

absl::Status ApplyForecast(Store& store, std::string_view org, const eventlog::Record& record,
                           const eventlog::Envelope& envelope, bool* changed) {
  v1::ForecastEvent event;
  if (absl::Status s = eventlog::Unwrap(envelope, &event); !s.ok()) return s;
  // What was published changes no figure.
  *changed = event.event_case() != v1::ForecastEvent::kForecastPublished &&
             event.event_case() != v1::ForecastEvent::EVENT_NOT_SET;
  const std::string_view topic = eventlog::kForecastTopic;
  switch (event.event_case()) {
    case v1::ForecastEvent::kAdjustmentMade: {
      const v1::AdjustmentMade& made = event.adjustment_made();
      std::string key = store::AdjustmentKey(org, made.adjustment_id());
      absl::StatusOr<std::optional<std::string>> existing = store.Get(key);
      if (!existing.ok()) return existing.status();
      if (existing->has_value()) return absl::OkStatus();  // adjustments are never edited
      v1::Adjustment adjustment;
      *adjustment.mutable_made() = made;
      if (adjustment.made().actor().empty()) adjustment.mutable_made()->set_actor(envelope.actor());
      *adjustment.mutable_made_at() = envelope.occurred_at();
      store.Put(key, adjustment.SerializeAsString());
      return Trigger(store, org, made.fiscal_year(), std::nullopt, "adjustment_made", topic, record,
                     envelope);
    }
    case v1::ForecastEvent::kAdjustmentWithdrawn: {
      const v1::AdjustmentWithdrawn& withdrawn = event.adjustment_withdrawn();
      std::string key = store::AdjustmentKey(org, withdrawn.adjustment_id());
      absl::StatusOr<std::optional<std::string>> existing = store.Get(key);
      if (!existing.ok()) return existing.status();
      v1::Adjustment adjustment;
      if (!existing->has_value()) return absl::OkStatus();
      if (!adjustment.ParseFromString(**existing)) return Corrupt("adjustment");
      if (adjustment.withdrawn()) return absl::OkStatus();
      adjustment.set_withdrawn(true);
      adjustment.set_withdrawal_reason(withdrawn.reason());
      adjustment.set_withdrawn_by(withdrawn.actor().empty() ? envelope.actor() : withdrawn.actor());
      *adjustment.mutable_withdrawn_at() = envelope.occurred_at();
      store.Put(key, adjustment.SerializeAsString());
      return Trigger(store, org, adjustment.made().fiscal_year(), std::nullopt,
                     "adjustment_withdrawn", topic, record, envelope);
    }
    case v1::ForecastEvent::kMethodChosen: {
      const v1::MethodChosen& chosen = event.method_chosen();
      v1::MethodChosen stored = chosen;
      if (stored.actor().empty()) stored.set_actor(envelope.actor());
      store.Put(store::MethodKey(org, chosen.fiscal_year(), chosen.unit_id()),
                stored.SerializeAsString());
      return Trigger(store, org, chosen.fiscal_year(), std::nullopt, "method_chosen", topic, record,
                     envelope);
    }
    case v1::ForecastEvent::kForecastPublished: {
      const v1::ForecastPublished& published = event.forecast_published();
      std::vector<std::string> triggers(published.trigger_event_ids().begin(),
                                        published.trigger_event_ids().end());
      if (triggers.empty() && !envelope.causation_id().empty())
        triggers.push_back(envelope.causation_id());
      for (const std::string& trigger : triggers) {
        store.Delete(store::PendingKey(org, trigger));
        store.Put(store::PublishedKey(org, trigger), envelope.event_id());
      }
      // What of the ledger the latest publication for (year, as-of) reflects; the largest
      // wins, so the order of the two topics does not matter.
      const std::string key = store::PublishedLedgerKey(org, published.fiscal_year(),
                                                        period::FromProto(published.as_of()));
      absl::StatusOr<std::optional<std::string>> old = store.Get(key);
      if (!old.ok()) return old.status();
      int64_t reflected = 0;
      if (old->has_value() && !store::DecodeAmount(**old, &reflected))
        return Corrupt("published ledger offset");
      if (!old->has_value() || published.ledger_offset() > reflected)
        store.Put(key, store::EncodeAmount(std::max(reflected, published.ledger_offset())));
      return absl::OkStatus();
    }
    default:
      return absl::OkStatus();
  }
}

}  // namespace

std::vector<std::string> ForecastProjection::Topics() const {
  return {std::string(eventlog::kLedgerTopic), std::string(eventlog::kForecastTopic)};
}

ForecastProjection::ForecastProjection() : step_(std::make_unique<Step>()) {}
ForecastProjection::~ForecastProjection() = default;

void ForecastProjection::BeginStep() {
  step_->Clear();
  vouchers_.BeginStep();
}

absl::Status ForecastProjection::EndStep(Store& store) {
  Step& step = *step_;
  step.units.Flush(store);
  step.projects.Flush(store);
  for (const auto& [org, count] : step.changes) {
    absl::StatusOr<std::optional<std::string>> version = store.Get(store::VersionKey(org));
    if (!version.ok()) return version.status();
    uint64_t before = version->has_value() ? store::DecodeCounter(**version) : 0;
    store.Put(store::VersionKey(org), store::EncodeCounter(before + count));
  }
  for (const auto& [org, mark] : step.latest)
    store.Put(store::LatestLedgerKey(org), store::EncodeLedgerMark(mark));
  for (const auto& [key, mark] : step.changed)
    store.Put(store::LedgerChangeKey(key.first, key.second), store::EncodeLedgerMark(mark));
  step.Clear();
  return vouchers_.EndStep(store);
}

absl::Status ForecastProjection::Apply(std::string_view topic, const eventlog::Record& record,
                                       const eventlog::Envelope& envelope, Store& store) {
  const std::string org = envelope.organisation().empty() ? record.key : envelope.organisation();
  Step& step = *step_;
  bool changed = false;
  absl::Status status;
  if (topic == eventlog::kLedgerTopic) {
    std::optional<int> inputs_of;
    status = ApplyLedger(store, step, org, record, envelope, ledger_event_, vouchers_, &changed,
                         &inputs_of);
    if (!status.ok()) return status;
    // One partition's events come in log order, so the last one seen is the latest.
    store::LedgerMark mark{.offset = record.offset,
                           .event_id = TriggerId(topic, record, envelope),
                           .correlation_id = envelope.correlation_id(),
                           .occurred_at_seconds = envelope.occurred_at().seconds()};
    if (changed && inputs_of) step.changed[{org, *inputs_of}] = mark;
    step.latest[org] = std::move(mark);
  } else {
    status = ApplyForecast(store, org, record, envelope, &changed);
  }
  if (!status.ok() || !changed) return status;
  // Every event that changes figures counts, so that a query can tell from one key whether its
  // cached model of the organisation is still current.
  ++step.changes[org];
  return absl::OkStatus();
}

}  // namespace tertial::forecast
