#include "demo_ledger.h"

#include "figures.h"
#include "plan.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/ledger/v1/events.pb.h"

namespace tertial::forecast::demo {
namespace {

namespace lv1 = ::tertial::ledger::v1;
using tertial::demo::kOrePerTkr;

lv1::UnitKind KindOf(std::string_view kind) {
  if (kind == "namnd") return lv1::UNIT_KIND_NAMND;
  if (kind == "forvaltning") return lv1::UNIT_KIND_FORVALTNING;
  if (kind == "stab") return lv1::UNIT_KIND_STAB;
  if (kind == "enhet") return lv1::UNIT_KIND_ENHET;
  return lv1::UNIT_KIND_UNSPECIFIED;
}

void SetDate(tertial::common::v1::Date* out, const period::Date& d) {
  out->set_year(d.year);
  out->set_month(d.month);
  out->set_day(d.day);
}

absl::Status Append(eventlog::EventLog& log, const std::vector<lv1::LedgerEvent>& events,
                    std::string_view what) {
  std::vector<eventlog::Envelope> batch;
  std::string correlation = StrCat("demo-", what);
  for (size_t i = 0; i < events.size(); ++i) {
    absl::StatusOr<eventlog::Envelope> e = eventlog::Wrap(
        events[i], StrCat("demo/", what, "/", i),
        {.organisation = kOrganisation, .actor = "demo", .correlation_id = correlation},
        StrCat("demo-", what, "-", i));
    if (!e.ok()) return e.status();
    batch.push_back(std::move(*e));
  }
  absl::StatusOr<eventlog::AppendResult> r =
      log.Append(eventlog::kLedgerTopic, kOrganisation, batch);
  return r.status();
}

std::vector<lv1::LedgerEvent> Vouchers(int year,
                                       const std::vector<tertial::demo::PlannedVoucher>& planned) {
  std::vector<lv1::LedgerEvent> out;
  for (const tertial::demo::PlannedVoucher& p : planned) {
    lv1::LedgerEvent e;
    lv1::VoucherPosted* v = e.mutable_voucher_posted();
    v->set_fiscal_year(year);
    v->set_series(p.series);
    v->set_number(std::to_string(p.number));
    SetDate(v->mutable_date(), p.date);
    v->set_text(p.text);
    for (const tertial::demo::PlannedTransaction& t : p.transactions) {
      lv1::Transaction* tx = v->add_transactions();
      tx->set_account(t.account);
      tx->set_amount_ore(t.amount_ore);
      if (!t.unit.empty()) {
        lv1::ObjectRef* o = tx->add_objects();
        o->set_dimension(1);
        o->set_object_id(t.unit);
      }
      if (!t.project.empty()) {
        lv1::ObjectRef* o = tx->add_objects();
        o->set_dimension(6);
        o->set_object_id(t.project);
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

lv1::LedgerEvent Budget(int year, const std::vector<tertial::demo::PlannedBudgetLine>& planned) {
  lv1::LedgerEvent e;
  lv1::BudgetLinesSet* b = e.mutable_budget_lines_set();
  b->set_fiscal_year(year);
  b->set_import_id(StrCat("demo-budget-", year));
  for (const tertial::demo::PlannedBudgetLine& p : planned) {
    lv1::BudgetLine* line = b->add_lines();
    line->set_unit_id(p.unit);
    line->set_account(p.account);
    line->set_project_id(p.project);
    line->mutable_period()->set_year(p.period.year);
    line->mutable_period()->set_month(p.period.month);
    line->set_amount_ore(p.amount_ore);
  }
  return e;
}

}  // namespace

absl::Status WriteDemoLedger(eventlog::EventLog& log, bool close_august) {
  tertial::demo::Plan plan = tertial::demo::MakePlan();
  std::vector<lv1::LedgerEvent> structure;
  for (int year : {2020, 2021}) {
    lv1::LedgerEvent e;
    lv1::FiscalYearDefined* fy = e.mutable_fiscal_year_defined();
    fy->set_fiscal_year(year);
    SetDate(fy->mutable_start(), {year, 1, 1});
    SetDate(fy->mutable_end(), {year, 12, 31});
    structure.push_back(std::move(e));
  }
  int position = 0;
  for (const tertial::demo::UnitFigures& u : tertial::demo::Units()) {
    lv1::LedgerEvent e;
    lv1::UnitDefined* unit = e.mutable_unit_defined();
    unit->set_unit_id(std::string(u.id));
    unit->set_name(std::string(u.name));
    unit->set_parent_id(std::string(u.parent));
    unit->set_kind(KindOf(u.kind));
    unit->set_scb_activity_code(std::string(u.scb_code));
    unit->set_position(++position);
    structure.push_back(std::move(e));
  }
  position = 0;
  for (const tertial::demo::ProjectFigures& p : tertial::demo::Projects()) {
    lv1::LedgerEvent e;
    lv1::ProjectDefined* project = e.mutable_project_defined();
    project->set_project_id(std::string(p.id));
    project->set_name(std::string(p.name));
    project->set_unit_id(std::string(p.unit));
    project->set_position(++position);
    for (auto [year, frame] : {std::pair{2020, p.frame_2020}, {2021, p.frame_2021}}) {
      lv1::ProjectFrame* f = project->add_frames();
      f->set_fiscal_year(year);
      f->set_frame_ore(frame * kOrePerTkr);
    }
    structure.push_back(std::move(e));
  }
  if (absl::Status s = Append(log, structure, "structure"); !s.ok()) return s;
  if (absl::Status s = Append(log, Vouchers(2020, plan.vouchers_2020), "sie-2020"); !s.ok())
    return s;
  if (absl::Status s = Append(log, {Budget(2020, plan.budget_2020)}, "budget-2020"); !s.ok())
    return s;
  if (absl::Status s = Append(log, Vouchers(2021, plan.vouchers_2021), "sie-2021"); !s.ok())
    return s;
  if (absl::Status s = Append(log, {Budget(2021, plan.budget_2021)}, "budget-2021"); !s.ok())
    return s;
  if (close_august) {
    lv1::LedgerEvent close;
    close.mutable_period_closed()->mutable_period()->set_year(2021);
    close.mutable_period_closed()->mutable_period()->set_month(8);
    if (absl::Status s = Append(log, {close}, "close-2021-08"); !s.ok()) return s;
  }
  return absl::OkStatus();
}

std::string DemoAdjustmentsCsv() {
  std::string csv = "unit_id,project_id,side,amount_ore,reason\n";
  for (const tertial::demo::PlannedAdjustment& a : tertial::demo::MakePlan().adjustments_2021) {
    std::string reason = a.reason;
    std::string quoted = "\"";
    for (char c : reason) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    quoted += "\"";
    StrAppend(&csv, a.unit, ",", a.project, ",", a.side, ",", a.amount_ore, ",", quoted, "\n");
  }
  return csv;
}

}  // namespace tertial::forecast::demo
