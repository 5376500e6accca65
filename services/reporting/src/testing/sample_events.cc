#include "testing/sample_events.h"

#include <map>

#include "domain/figures.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/forecast/v1/events.pb.h"
#include "tertial/goals/v1/events.pb.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/money/decimal_proto.h"
#include "tertial/period/proto.h"
#include "tertial/reporting/v1/events.pb.h"

namespace tertial::reporting::testing {
namespace {

namespace lv1 = ::tertial::ledger::v1;
namespace fv1 = ::tertial::forecast::v1;
namespace gv1 = ::tertial::goals::v1;
namespace rv1 = ::tertial::reporting::v1;

// When the sample's events say they were written: 2021-09-06 08:00 UTC.
constexpr int64_t kSampleRecordedAt = 1630915200;

// Appends `events` as one batch; `*end_offset` (if given) is where it ended.
template <typename Event>
absl::Status AppendAll(eventlog::EventLog& log, std::string_view topic, const std::string& org,
                       const std::vector<Event>& events, int64_t* end_offset = nullptr) {
  std::vector<eventlog::Envelope> envelopes;
  int n = 0;
  for (const Event& e : events) {
    auto env = eventlog::Wrap(e, StrCat("sample/", n), {.organisation = org, .actor = "sample"},
                              StrCat(topic, "/", n));
    ++n;
    if (!env.ok()) return env.status();
    env->mutable_recorded_at()->set_seconds(kSampleRecordedAt);
    env->mutable_recorded_at()->set_nanos(0);
    envelopes.push_back(*env);
  }
  auto r = log.Append(topic, org, envelopes);
  if (!r.ok()) return r.status();
  if (end_offset != nullptr) *end_offset = r->end_offset;
  return absl::OkStatus();
}

// `total` over months first..last, exactly: the last month takes the remainder.
std::vector<std::pair<int, int64_t>> Spread(int64_t total, int first, int last) {
  std::vector<std::pair<int, int64_t>> out;
  int months = last - first + 1;
  if (months <= 0) return out;
  int64_t each = total / months;
  for (int m = first; m <= last; ++m)
    out.push_back({m, m == last ? total - each * (months - 1) : each});
  return out;
}

gv1::ValuePeriod VP(int year, int month) {
  gv1::ValuePeriod p;
  p.set_year(year);
  p.set_month(month);
  return p;
}

gv1::IndicatorValue ToValue(const IndicatorValue& v) {
  gv1::IndicatorValue out;
  if (!v.text.empty()) {
    // A value printed as text ("data först vid årsskiftet", "98–100"): pending, as printed.
    out.mutable_no_data()->set_reason(gv1::NO_DATA_REASON_PENDING);
    out.set_note(v.text);
    out.set_printed(v.text);
  } else if (v.value) {
    *out.mutable_number() = money::DecimalToProto(*v.value);
    out.set_note(v.remark);
  } else {
    out.mutable_no_data()->set_reason(gv1::NO_DATA_REASON_NOT_AVAILABLE);
    out.set_note(v.remark);
  }
  if (!v.footnote.empty()) out.add_footnotes(std::stoi(v.footnote));
  return out;
}

gv1::Target ToTarget(const Target& t) {
  gv1::Target out;
  out.set_printed(t.printed);
  switch (t.kind) {
    case Target::Kind::kCompare: {
      auto* c = out.mutable_comparison();
      *c->mutable_value() = money::DecimalToProto(t.value);
      c->set_comparator(t.op == "<"    ? gv1::COMPARATOR_LESS
                        : t.op == "<=" ? gv1::COMPARATOR_LESS_OR_EQUAL
                        : t.op == "="  ? gv1::COMPARATOR_EQUAL
                        : t.op == ">"  ? gv1::COMPARATOR_GREATER
                                       : gv1::COMPARATOR_GREATER_OR_EQUAL);
      break;
    }
    case Target::Kind::kIncrease:
      out.mutable_direction()->set_direction(gv1::DIRECTION_INCREASE);
      break;
    case Target::Kind::kDecrease:
      out.mutable_direction()->set_direction(gv1::DIRECTION_DECREASE);
      break;
    case Target::Kind::kNone:
      out.mutable_none()->set_kind(gv1::NO_TARGET_KIND_NONE);
      break;
  }
  return out;
}

gv1::Assessment ToAssessment(Assessment a) {
  switch (a) {
    case Assessment::kMet:
      return gv1::ASSESSMENT_MET;
    case Assessment::kPartly:
      return gv1::ASSESSMENT_PARTLY_MET;
    case Assessment::kNotMet:
      return gv1::ASSESSMENT_NOT_MET;
    case Assessment::kCannotAssess:
      return gv1::ASSESSMENT_CANNOT_BE_ASSESSED;
    case Assessment::kNone:
      return gv1::ASSESSMENT_UNSPECIFIED;
  }
  return gv1::ASSESSMENT_UNSPECIFIED;
}

}  // namespace

absl::Status AppendSampleEvents(eventlog::EventLog& log, const BuildInput& in, bool close_period,
                                ForecastSource* written) {
  const std::string& org = in.organisation;
  const int year = in.period.year, m = in.period.month;
  std::vector<lv1::LedgerEvent> ledger;
  lv1::LedgerEvent o;
  o.mutable_organisation_defined()->set_name(in.organisation_name);
  ledger.push_back(o);
  for (const chart::UnitNode* root : in.units.Roots()) {
    for (const chart::UnitNode* u : in.units.Subtree(root->id)) {
      lv1::LedgerEvent e;
      auto* d = e.mutable_unit_defined();
      d->set_unit_id(u->id);
      d->set_name(u->name);
      d->set_parent_id(u->parent_id);
      d->set_kind(static_cast<lv1::UnitKind>(static_cast<int>(u->kind)));
      d->set_scb_activity_code(u->scb_activity_code);
      d->set_position(u->position);
      ledger.push_back(e);
    }
  }
  for (const ProjectInput& p : in.projects) {
    lv1::LedgerEvent e;
    auto* d = e.mutable_project_defined();
    d->set_project_id(p.id);
    d->set_name(p.name);
    d->set_unit_id(p.unit_id);
    d->set_position(p.position);
    auto* f = d->add_frames();
    f->set_fiscal_year(year);
    f->set_frame_ore(p.frame_ore);
    ledger.push_back(e);
  }
  int number = 0;
  auto voucher = [&](int y, int month, const std::string& unit, int64_t costs, int64_t revenues) {
    lv1::LedgerEvent e;
    auto* v = e.mutable_voucher_posted();
    v->set_fiscal_year(y);
    v->set_series("A");
    v->set_number(std::to_string(++number));
    period::ToProto(period::Date{y, month, 28}, v->mutable_date());
    for (auto [account, amount, object] : {std::tuple{"5010", costs, unit},
                                           {"3010", revenues, unit},
                                           {"1930", -(costs + revenues), std::string()}}) {
      auto* t = v->add_transactions();
      t->set_account(account);
      if (!object.empty()) {
        auto* ref = t->add_objects();
        ref->set_dimension(1);
        ref->set_object_id(object);
      }
      t->set_amount_ore(amount);
    }
    ledger.push_back(e);
  };
  lv1::LedgerEvent budget;
  budget.mutable_budget_lines_set()->set_fiscal_year(year);
  for (const auto& [unit, f] : in.figures) {
    auto c1 = Spread(f.actual.costs_ore, 1, m), r1 = Spread(f.actual.revenues_ore, 1, m);
    for (size_t i = 0; i < c1.size(); ++i)
      voucher(year, c1[i].first, unit, c1[i].second, r1[i].second);
    auto c0 = Spread(f.prior_period.costs_ore, 1, m),
         r0 = Spread(f.prior_period.revenues_ore, 1, m);
    for (size_t i = 0; i < c0.size(); ++i)
      voucher(year - 1, c0[i].first, unit, c0[i].second, r0[i].second);
    auto c2 = Spread(f.prior_year.costs_ore - f.prior_period.costs_ore, m + 1, 12);
    auto r2 = Spread(f.prior_year.revenues_ore - f.prior_period.revenues_ore, m + 1, 12);
    for (size_t i = 0; i < c2.size(); ++i)
      voucher(year - 1, c2[i].first, unit, c2[i].second, r2[i].second);
    for (auto [account, in_period, full] :
         {std::tuple{"5", f.budget_period.costs_ore, f.budget_year.costs_ore},
          {"3", f.budget_period.revenues_ore, f.budget_year.revenues_ore}}) {
      std::vector<std::pair<int, int64_t>> lines = Spread(in_period, 1, m);
      for (auto& x : Spread(full - in_period, m + 1, 12)) lines.push_back(x);
      for (const auto& [month, amount] : lines) {
        auto* l = budget.mutable_budget_lines_set()->add_lines();
        l->set_unit_id(unit);
        l->set_account(account);
        period::ToProto(period::Period{year, month}, l->mutable_period());
        l->set_amount_ore(amount);
      }
    }
  }
  // Investment to date as the ledger posts it: spending on a fixed-asset account, income
  // (grants) on 2388, both with the project object (tertial/chart/posting.h).
  for (const ProjectInput& p : in.projects) {
    if (p.spending_to_date_ore == 0 && p.income_to_date_ore == 0) continue;
    lv1::LedgerEvent e;
    auto* v = e.mutable_voucher_posted();
    v->set_fiscal_year(year);
    v->set_series("I");
    v->set_number(std::to_string(++number));
    period::ToProto(period::Date{year, m, 28}, v->mutable_date());
    for (auto [account, amount, project] :
         {std::tuple{"1110", p.spending_to_date_ore, p.id},
          {"2388", p.income_to_date_ore, p.id},
          {"1930", -(p.spending_to_date_ore + p.income_to_date_ore), std::string()}}) {
      if (amount == 0) continue;
      auto* t = v->add_transactions();
      t->set_account(account);
      if (!project.empty()) {
        auto* ref = t->add_objects();
        ref->set_dimension(6);
        ref->set_object_id(project);
      }
      t->set_amount_ore(amount);
    }
    ledger.push_back(e);
  }
  ledger.push_back(budget);
  lv1::LedgerEvent closed;
  period::ToProto(period::Period{year, m}, closed.mutable_period_closed()->mutable_period());
  if (close_period) ledger.push_back(closed);
  int64_t ledger_end = 0;
  if (absl::Status s = AppendAll(log, eventlog::kLedgerTopic, org, ledger, &ledger_end); !s.ok())
    return s;
  const std::string last_ledger_event = StrCat(eventlog::kLedgerTopic, "/", ledger.size() - 1);

  std::vector<fv1::ForecastEvent> forecast;
  fv1::ForecastEvent published;
  auto* f = published.mutable_forecast_published();
  f->set_fiscal_year(year);
  period::ToProto(period::Period{year, m}, f->mutable_as_of());
  f->set_method_requested("auto");
  f->set_trigger("period_closed");
  // It reflects every ledger event above (docs/events.md): a forecast service that follows
  // the same log has nothing to republish it for.
  f->set_ledger_offset(ledger_end);
  f->set_ledger_event_id(last_ledger_event);
  for (const AdjustmentInput& a : in.adjustments) {
    fv1::ForecastEvent e;
    auto* x = e.mutable_adjustment_made();
    x->set_adjustment_id(a.id);
    x->set_fiscal_year(year);
    x->set_unit_id(a.unit_id);
    x->set_project_id(a.project_id);
    x->set_side(a.side == AdjustmentSide::kCosts                ? fv1::SIDE_COSTS
                : a.side == AdjustmentSide::kRevenues           ? fv1::SIDE_REVENUES
                : a.side == AdjustmentSide::kInvestmentSpending ? fv1::SIDE_INVESTMENT_SPENDING
                                                                : fv1::SIDE_INVESTMENT_INCOME);
    x->set_amount_ore(a.amount_ore);
    x->set_reason(a.reason);
    forecast.push_back(e);
    f->add_adjustment_ids(a.id);
  }
  for (const auto& [unit, fc] : in.forecasts) {
    auto* u = f->add_units();
    u->set_unit_id(unit);
    u->set_method(fc.method);
    u->set_rollup(!in.units.Children(unit).empty());
    u->set_forecast_costs_ore(fc.forecast.costs_ore);
    u->set_forecast_revenues_ore(fc.forecast.revenues_ore);
    u->set_forecast_net_ore(fc.forecast.net_ore());
    u->set_budget_costs_ore(fc.budget.costs_ore);
    u->set_budget_revenues_ore(fc.budget.revenues_ore);
    u->set_budget_net_ore(fc.budget.net_ore());
    u->set_method_requested(fc.method_requested.empty() ? "auto" : fc.method_requested);
    // The actual to date it was built on: the vouchers above, over the unit's subtree.
    Amounts actual;
    for (const chart::UnitNode* node : in.units.Subtree(unit)) {
      if (auto it = in.figures.find(node->id); it != in.figures.end()) actual += it->second.actual;
    }
    u->set_actual_costs_ore(actual.costs_ore);
    u->set_actual_revenues_ore(actual.revenues_ore);
    u->set_actual_net_ore(actual.net_ore());
  }
  for (const ProjectInput& p : in.projects) {
    auto* x = f->add_projects();
    x->set_project_id(p.id);
    x->set_unit_id(p.unit_id);
    x->set_spending_to_date_ore(p.spending_to_date_ore);
    x->set_income_to_date_ore(p.income_to_date_ore);
    x->set_forecast_spending_ore(p.forecast_spending_ore);
    x->set_forecast_income_ore(p.forecast_income_ore);
    x->set_frame_ore(p.frame_ore);
  }
  forecast.push_back(published);
  if (absl::Status s = AppendAll(log, eventlog::kForecastTopic, org, forecast); !s.ok()) return s;
  if (written != nullptr) {
    *written =
        ForecastSource{.published = true,
                       .as_of = in.period,
                       .published_at = "2021-09-06 08:00 UTC",
                       .trigger = "period_closed",
                       .event_id = StrCat(eventlog::kForecastTopic, "/", forecast.size() - 1),
                       .ledger_known = true,
                       .ledger_event_id = last_ledger_event,
                       .report_ledger_event_id = last_ledger_event};
    for (const fv1::UnitForecast& u : f->units())
      written->actual_net_ore[u.unit_id()] = u.actual_net_ore();
  }

  std::vector<gv1::GoalsEvent> goals;
  const std::string& board = in.board_id;
  gv1::GoalsEvent plan;
  plan.mutable_plan_defined()->set_board_unit_id(board);
  plan.mutable_plan_defined()->set_year(year);
  for (const Footnote& fn : in.indicator_footnotes) {
    auto* x = plan.mutable_plan_defined()->add_footnotes();
    x->set_number(std::stoi(fn.mark));
    x->set_text(fn.text);
  }
  goals.push_back(plan);
  std::map<std::string, std::string> areas, municipals;
  auto define = [&](std::string id, gv1::GoalLevel level, std::string parent, std::string name,
                    int position) {
    gv1::GoalsEvent e;
    auto* g = e.mutable_goal_defined();
    g->set_board_unit_id(board);
    g->set_year(year);
    g->set_goal_id(id);
    g->set_level(level);
    g->set_parent_id(parent);
    g->set_name(name);
    g->set_position(position);
    goals.push_back(e);
  };
  int position = 0;
  for (const GoalInput& g : in.goals) {
    if (!areas.count(g.area)) {
      areas[g.area] = StrCat("area", areas.size());
      define(areas[g.area], gv1::GOAL_LEVEL_FOCUS_AREA, "", g.area, position);
    }
    if (!municipals.count(g.municipal_goal)) {
      municipals[g.municipal_goal] = StrCat("mg", municipals.size());
      define(municipals[g.municipal_goal], gv1::GOAL_LEVEL_MUNICIPAL_GOAL, areas[g.area],
             g.municipal_goal, position);
    }
    define(g.id, gv1::GOAL_LEVEL_BOARD_GOAL, municipals[g.municipal_goal], g.name, position++);
    gv1::GoalsEvent a;
    auto* x = a.mutable_assessment_recorded();
    x->set_board_unit_id(board);
    x->set_year(year);
    x->set_goal_id(g.id);
    *x->mutable_period() = VP(year, m);
    x->set_assessment(ToAssessment(g.assessment));
    x->set_rationale(g.rationale);
    goals.push_back(a);
  }
  int ind_position = 0;
  for (const IndicatorInput& ind : in.indicators) {
    gv1::GoalsEvent e;
    auto* d = e.mutable_indicator_defined();
    d->set_board_unit_id(board);
    d->set_year(year);
    d->set_indicator_id(ind.id);
    d->set_goal_id(ind.goal_id);
    d->set_name(ind.name);
    d->set_position(ind_position++);
    if (ind.mark == "*") d->set_scope("municipality");
    if (!ind.footnote.empty()) d->add_footnotes(std::stoi(ind.footnote));
    for (const IndicatorBreakdown& breakdown : ind.breakdowns) {
      auto* b = d->add_breakdowns();
      b->set_id(breakdown.id);
      b->set_label(breakdown.label);
    }
    goals.push_back(e);
    gv1::GoalsEvent t;
    t.mutable_target_set()->set_board_unit_id(board);
    t.mutable_target_set()->set_year(year);
    t.mutable_target_set()->set_indicator_id(ind.id);
    *t.mutable_target_set()->mutable_target() = ToTarget(ind.target);
    if (!ind.target_footnote.empty())
      t.mutable_target_set()->mutable_target()->add_footnotes(std::stoi(ind.target_footnote));
    for (const IndicatorBreakdown& breakdown : ind.breakdowns) {
      if (breakdown.target.empty()) continue;
      gv1::GoalsEvent g;
      g.mutable_target_set()->set_board_unit_id(board);
      g.mutable_target_set()->set_year(year);
      g.mutable_target_set()->set_indicator_id(ind.id);
      g.mutable_target_set()->set_breakdown(breakdown.id);
      auto parsed = ParseTarget(breakdown.target, std::nullopt);
      if (!parsed.ok()) return parsed.status();
      *g.mutable_target_set()->mutable_target() = ToTarget(*parsed);
      goals.push_back(g);
    }
    goals.push_back(t);
    std::vector<std::pair<std::string, const std::map<std::string, IndicatorValue>*>> rows = {
        {"", &ind.values}};
    for (const IndicatorBreakdown& b : ind.breakdowns) rows.push_back({b.id, &b.values});
    for (const auto& [breakdown, values] : rows) {
      for (const auto& [column, value] : *values) {
        if (value.empty) continue;  // "–": nothing recorded for the period
        gv1::GoalsEvent v;
        auto* r = v.mutable_indicator_value_recorded();
        r->set_board_unit_id(board);
        r->set_indicator_id(ind.id);
        r->set_breakdown(breakdown);
        *r->mutable_period() = column.size() == 4 ? VP(std::stoi(column), 0) : VP(year, m);
        *r->mutable_value() = ToValue(value);
        goals.push_back(v);
      }
    }
  }
  gv1::GoalsEvent eval;
  auto* ev = eval.mutable_evaluation_published();
  ev->set_board_unit_id(board);
  ev->set_year(year);
  *ev->mutable_period() = VP(year, m);
  std::map<std::string, int64_t> counts(in.activities.begin(), in.activities.end());
  auto* ac = ev->mutable_activities();
  ac->set_done(counts["genomförd"]);
  ac->set_ongoing(counts["pågår"]);
  ac->set_paused(counts["pausad"]);
  ac->set_remaining(counts["kvarstår"]);
  ac->set_cancelled(counts["utgått"]);
  ac->set_not_followed_up(counts["ej uppföljd"]);
  ac->set_total(ac->done() + ac->ongoing() + ac->paused() + ac->remaining() + ac->cancelled() +
                ac->not_followed_up());
  goals.push_back(eval);
  int asg_position = 0;
  for (const AssignmentInput& a : in.assignments) {
    gv1::GoalsEvent d;
    d.mutable_assignment_defined()->set_board_unit_id(board);
    d.mutable_assignment_defined()->set_year(year);
    d.mutable_assignment_defined()->set_assignment_id(a.id);
    d.mutable_assignment_defined()->set_title(a.title);
    d.mutable_assignment_defined()->set_position(asg_position++);
    goals.push_back(d);
    gv1::GoalsEvent s;
    auto* x = s.mutable_assignment_status_reported();
    x->set_board_unit_id(board);
    x->set_year(year);
    x->set_assignment_id(a.id);
    *x->mutable_period() = VP(year, m);
    x->set_status(a.status == "genomfört" ? gv1::ASSIGNMENT_STATUS_DONE
                  : a.status == "pågår"   ? gv1::ASSIGNMENT_STATUS_ONGOING
                                          : gv1::ASSIGNMENT_STATUS_REMAINING);
    x->set_comment(a.comment);
    goals.push_back(s);
  }
  std::string unit;
  for (const chart::UnitNode* child : in.units.Children(board)) {
    if (unit.empty() && child->kind == chart::UnitKind::kForvaltning) unit = child->id;
  }
  for (const PersonnelInput& p : in.personnel) {
    auto measure = static_cast<gv1::PersonnelMeasure>(std::stoi(p.id));
    for (auto [y, value] : {std::pair{year, &p.current}, {year - 1, &p.prior}}) {
      if (!*value) continue;
      gv1::GoalsEvent e;
      auto* x = e.mutable_personnel_figure_recorded();
      x->set_unit_id(unit);
      x->set_measure(measure);
      *x->mutable_period() = VP(y, m);
      *x->mutable_value()->mutable_number() = money::DecimalToProto(**value);
      goals.push_back(e);
    }
    if (p.target) {
      gv1::GoalsEvent e;
      auto* x = e.mutable_personnel_target_set();
      x->set_unit_id(unit);
      x->set_measure(measure);
      x->set_year(year);
      x->mutable_target()->mutable_comparison()->set_comparator(gv1::COMPARATOR_LESS_OR_EQUAL);
      *x->mutable_target()->mutable_comparison()->mutable_value() =
          money::DecimalToProto(*p.target);
      goals.push_back(e);
    }
  }
  if (absl::Status s = AppendAll(log, eventlog::kGoalsTopic, org, goals); !s.ok()) return s;

  std::vector<rv1::ReportingEvent> narratives;
  for (const auto& [section, markdown] : in.narratives) {
    rv1::ReportingEvent e;
    auto* n = e.mutable_narrative_set();
    n->set_board_unit_id(board);
    period::ToProto(period::Period{year, m}, n->mutable_period());
    n->set_section(section);
    n->set_markdown(markdown);
    narratives.push_back(e);
  }
  if (narratives.empty()) return absl::OkStatus();
  return AppendAll(log, eventlog::kReportingTopic, org, narratives);
}

}  // namespace tertial::reporting::testing
