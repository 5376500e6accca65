#include "domain/decide.h"

#include <map>
#include <set>

#include "domain/evaluation.h"
#include "tertial/base/strings.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals {

bool Same(const google::protobuf::Message& a, const google::protobuf::Message& b) {
  return a.SerializeAsString() == b.SerializeAsString();
}

void ProposeRemovals(const State& state, const std::string& board, int year,
                     std::vector<Proposal>& proposals) {
  const Plan* plan = state.FindPlan(board, year);
  if (plan == nullptr) return;
  std::set<std::pair<int, std::string>> present;
  for (const Proposal& p : proposals) {
    const pb::GoalsEvent& e = p.event;
    if (e.has_goal_defined()) present.insert({pb::PLAN_ITEM_KIND_GOAL, e.goal_defined().goal_id()});
    if (e.has_indicator_defined()) {
      present.insert({pb::PLAN_ITEM_KIND_INDICATOR, e.indicator_defined().indicator_id()});
    }
    if (e.has_activity_defined()) {
      present.insert({pb::PLAN_ITEM_KIND_ACTIVITY, e.activity_defined().activity_id()});
    }
    if (e.has_assignment_defined()) {
      present.insert({pb::PLAN_ITEM_KIND_ASSIGNMENT, e.assignment_defined().assignment_id()});
    }
  }
  auto remove = [&](pb::PlanItemKind kind, const std::string& id) {
    if (present.count({kind, id})) return;
    Proposal p;
    pb::PlanItemRemoved* r = p.event.mutable_plan_item_removed();
    r->set_board_unit_id(board);
    r->set_year(year);
    r->set_kind(kind);
    r->set_id(id);
    r->set_reason("no longer in the imported plan");
    p.origin.field = id;
    proposals.push_back(std::move(p));
  };
  // Indicators and activities before goals, children before parents, so that each
  // removal leaves a consistent plan.
  for (const auto& [id, v] : plan->indicators) remove(pb::PLAN_ITEM_KIND_INDICATOR, id);
  for (const auto& [id, v] : plan->activities) remove(pb::PLAN_ITEM_KIND_ACTIVITY, id);
  for (const auto& [id, v] : plan->assignments) remove(pb::PLAN_ITEM_KIND_ASSIGNMENT, id);
  std::vector<const pb::GoalDefined*> goals = plan->GoalsInOrder();
  for (auto it = goals.rbegin(); it != goals.rend(); ++it) {
    remove(pb::PLAN_ITEM_KIND_GOAL, (*it)->goal_id());
  }
}

std::optional<Issue> RefuseRemovals(const std::vector<pb::GoalsEvent>& facts,
                                    std::string_view file) {
  constexpr int kNamed = 5;
  int removed = 0;
  std::string named;
  for (const pb::GoalsEvent& e : facts) {
    if (!e.has_plan_item_removed()) continue;
    const pb::PlanItemRemoved& r = e.plan_item_removed();
    if (removed++ >= kNamed) continue;
    const char* kind = r.kind() == pb::PLAN_ITEM_KIND_GOAL        ? "goal"
                       : r.kind() == pb::PLAN_ITEM_KIND_INDICATOR ? "indicator"
                       : r.kind() == pb::PLAN_ITEM_KIND_ACTIVITY  ? "activity"
                                                                  : "assignment";
    StrAppend(&named, named.empty() ? "" : ", ", kind, " ", r.id());
  }
  if (removed == 0) return std::nullopt;
  if (removed > kNamed) StrAppend(&named, " and ", removed - kNamed, " more");
  return Issue{std::string(file), 0, "",
               StrCat("the plan in this file lacks ", removed, removed == 1 ? " item" : " items",
                      " of the plan recorded for its board and year (", named,
                      "), which importing it would remove; nothing was imported. If the file is "
                      "complete and the removals are meant, import it again with "
                      "--allow-removals")};
}

bool TouchesDerivations(const std::vector<pb::GoalsEvent>& facts) {
  for (const pb::GoalsEvent& e : facts) {
    if (e.has_plan_defined() || e.has_indicator_defined() || e.has_plan_item_removed()) return true;
  }
  return false;
}

std::vector<pb::GoalsEvent> Derive(const State& input, const LedgerFacts& ledger,
                                   bool ledger_values) {
  std::vector<pb::GoalsEvent> out;
  State state = input;
  // Ledger-derived values, once per (board, indicator, period) however many plans define
  // the indicator.
  std::set<std::tuple<std::string, std::string, PeriodKey>> done;
  for (const auto& [key, plan] : input.plans) {
    if (!plan.defined || !ledger_values) continue;
    for (const auto& [id, indicator] : plan.indicators) {
      if (!indicator.has_derivation()) continue;
      for (const pb::ValuePeriod& period : DerivedPeriods(ledger, indicator.derivation())) {
        if (!done.insert({key.first, id, KeyOf(period)}).second) continue;
        std::optional<DerivedResult> result =
            ComputeDerived(ledger, indicator.derivation(), period);
        if (!result) continue;
        const ValueRevision* current = state.LatestValue(key.first, id, "", KeyOf(period));
        if (current != nullptr && current->recorded.source() == pb::VALUE_SOURCE_LEDGER &&
            Same(current->recorded.value(), result->value) &&
            Same(current->recorded.derived(), result->detail)) {
          continue;
        }
        pb::GoalsEvent event;
        pb::IndicatorValueRecorded* v = event.mutable_indicator_value_recorded();
        v->set_board_unit_id(key.first);
        v->set_indicator_id(id);
        *v->mutable_period() = period;
        *v->mutable_value() = result->value;
        v->set_source(pb::VALUE_SOURCE_LEDGER);
        v->set_source_ref(StrCat("ledger ", DerivedKindName(indicator.derivation().kind()), " ",
                                 indicator.derivation().unit_id(), " ", FormatPeriod(period)));
        *v->mutable_derived() = result->detail;
        Apply(state, event, Meta{});
        out.push_back(std::move(event));
      }
    }
  }
  // Evaluations.
  for (const auto& [key, plan] : state.plans) {
    if (!plan.defined) continue;
    for (const pb::ValuePeriod& period : EvaluationPeriods(state, plan, ledger)) {
      pb::EvaluationPublished evaluation = EvaluatePlan(state, plan, period);
      auto published = plan.evaluations.find(KeyOf(period));
      if (published != plan.evaluations.end() && Same(published->second, evaluation)) continue;
      pb::GoalsEvent event;
      *event.mutable_evaluation_published() = std::move(evaluation);
      out.push_back(std::move(event));
    }
  }
  return out;
}

std::string AggregateKey(const pb::GoalsEvent& event) {
  auto plan_item = [](std::string_view kind, const std::string& board, int year,
                      const std::string& id) {
    return StrCat(kind, "/", board, "/", year, "/", id);
  };
  switch (event.event_case()) {
    case pb::GoalsEvent::kPlanDefined:
      return StrCat("plan/", event.plan_defined().board_unit_id(), "/",
                    event.plan_defined().year());
    case pb::GoalsEvent::kGoalDefined: {
      const auto& e = event.goal_defined();
      return plan_item("goal", e.board_unit_id(), e.year(), e.goal_id());
    }
    case pb::GoalsEvent::kIndicatorDefined: {
      const auto& e = event.indicator_defined();
      return plan_item("indicator", e.board_unit_id(), e.year(), e.indicator_id());
    }
    case pb::GoalsEvent::kTargetSet: {
      const auto& e = event.target_set();
      return plan_item("indicator", e.board_unit_id(), e.year(), e.indicator_id());
    }
    case pb::GoalsEvent::kIndicatorValueRecorded: {
      const auto& e = event.indicator_value_recorded();
      return StrCat("value/", e.board_unit_id(), "/", e.indicator_id());
    }
    case pb::GoalsEvent::kIndicatorValueWithdrawn: {
      const auto& e = event.indicator_value_withdrawn();
      return StrCat("value/", e.board_unit_id(), "/", e.indicator_id());
    }
    case pb::GoalsEvent::kAssessmentRecorded: {
      const auto& e = event.assessment_recorded();
      return plan_item("goal", e.board_unit_id(), e.year(), e.goal_id());
    }
    case pb::GoalsEvent::kActivityDefined: {
      const auto& e = event.activity_defined();
      return plan_item("activity", e.board_unit_id(), e.year(), e.activity_id());
    }
    case pb::GoalsEvent::kActivityStatusReported: {
      const auto& e = event.activity_status_reported();
      return plan_item("activity", e.board_unit_id(), e.year(), e.activity_id());
    }
    case pb::GoalsEvent::kAssignmentDefined: {
      const auto& e = event.assignment_defined();
      return plan_item("assignment", e.board_unit_id(), e.year(), e.assignment_id());
    }
    case pb::GoalsEvent::kAssignmentStatusReported: {
      const auto& e = event.assignment_status_reported();
      return plan_item("assignment", e.board_unit_id(), e.year(), e.assignment_id());
    }
    case pb::GoalsEvent::kPersonnelFigureRecorded:
      return StrCat("personnel/", event.personnel_figure_recorded().unit_id());
    case pb::GoalsEvent::kPersonnelTargetSet:
      return StrCat("personnel/", event.personnel_target_set().unit_id());
    case pb::GoalsEvent::kPlanItemRemoved: {
      const auto& e = event.plan_item_removed();
      static const char* kKinds[] = {"item", "goal", "indicator", "activity", "assignment"};
      int kind = e.kind() >= 0 && e.kind() <= 4 ? e.kind() : 0;
      return plan_item(kKinds[kind], e.board_unit_id(), e.year(), e.id());
    }
    case pb::GoalsEvent::kImportCompleted:
      return StrCat("import/", event.import_completed().import_id());
    case pb::GoalsEvent::kEvaluationPublished: {
      const auto& e = event.evaluation_published();
      return StrCat("evaluation/", e.board_unit_id(), "/", e.year());
    }
    case pb::GoalsEvent::EVENT_NOT_SET:
      break;
  }
  return "goals";
}

}  // namespace tertial::goals
