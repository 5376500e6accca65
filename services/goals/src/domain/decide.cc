#include "domain/decide.h"

#include <map>
#include <set>

#include "domain/evaluation.h"
#include "tertial/base/strings.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals {
namespace {

bool Same(const google::protobuf::Message& a, const google::protobuf::Message& b) {
  return a.SerializeAsString() == b.SerializeAsString();
}

bool HasValue(const pb::IndicatorValue& v) {
  return v.kind_case() != pb::IndicatorValue::KIND_NOT_SET;
}

// Every definition of an indicator of a board, across the years' plans.
std::vector<const pb::IndicatorDefined*> Definitions(const State& state, const std::string& board,
                                                     const std::string& indicator) {
  std::vector<const pb::IndicatorDefined*> out;
  for (const auto& [key, plan] : state.plans) {
    if (key.first != board) continue;
    auto it = plan.indicators.find(indicator);
    if (it != plan.indicators.end()) out.push_back(&it->second);
  }
  return out;
}

bool KnownBreakdown(const pb::IndicatorDefined& indicator, const std::string& breakdown) {
  if (breakdown.empty()) return true;
  for (const pb::BreakdownRow& row : indicator.breakdowns()) {
    if (row.id() == breakdown) return true;
  }
  return false;
}

class Checker {
 public:
  Checker(const State& state, Decision& decision) : state_(state), decision_(decision) {}

  void Propose(const Proposal& proposal) {
    origin_ = &proposal.origin;
    errors_before_ = decision_.errors.size();
    bool changes = Check(proposal.event);
    if (decision_.errors.size() != errors_before_ || !changes) return;
    decision_.facts.push_back(proposal.event);
    Apply(state_, proposal.event, Meta{});
  }

 private:
  void Error(std::string message) {
    decision_.errors.push_back(IssueAt(*origin_, std::move(message)));
  }
  void Warn(std::string message) {
    decision_.warnings.push_back(IssueAt(*origin_, std::move(message)));
  }

  const Plan* RequirePlan(const std::string& board, int year) {
    if (board.empty()) {
      Error("the board (board_unit_id) is missing");
      return nullptr;
    }
    const Plan* plan = state_.FindPlan(board, year);
    if (plan == nullptr) Error(StrCat("board ", board, " has no plan for ", year));
    return plan;
  }

  const pb::GoalDefined* RequireBoardGoal(const Plan& plan, const std::string& goal_id) {
    auto it = plan.goals.find(goal_id);
    if (it == plan.goals.end()) {
      Error(StrCat("no goal '", goal_id, "' in the plan ", plan.plan.board_unit_id(), " ",
                   plan.plan.year()));
      return nullptr;
    }
    if (it->second.level() != pb::GOAL_LEVEL_BOARD_GOAL) {
      Error(StrCat("goal '", goal_id, "' is not a nämndmål (board goal)"));
      return nullptr;
    }
    return &it->second;
  }

  void RequirePeriodInYear(const pb::ValuePeriod& period, int year) {
    if (period.year() != year || period.month() < 0 || period.month() > 12) {
      Error(StrCat("period ", FormatPeriod(period), " is not in the plan's year ", year));
    }
  }

  // Returns whether the proposal changes the state; reports errors through Error().
  bool Check(const pb::GoalsEvent& event) {
    switch (event.event_case()) {
      case pb::GoalsEvent::kPlanDefined: {
        const auto& e = event.plan_defined();
        if (e.board_unit_id().empty()) Error("the board (board_unit_id) is missing");
        if (e.year() < 1900 || e.year() > 2200) Error(StrCat("year ", e.year(), " is not a year"));
        const Plan* plan = state_.FindPlan(e.board_unit_id(), e.year());
        return plan == nullptr || !Same(plan->plan, e);
      }
      case pb::GoalsEvent::kGoalDefined: {
        const auto& e = event.goal_defined();
        const Plan* plan = RequirePlan(e.board_unit_id(), e.year());
        if (plan == nullptr) return false;
        if (e.goal_id().empty()) Error("the goal's id is missing");
        if (e.name().empty()) Error(StrCat("goal '", e.goal_id(), "' has no name"));
        pb::GoalLevel parent_level = pb::GOAL_LEVEL_UNSPECIFIED;
        switch (e.level()) {
          case pb::GOAL_LEVEL_FOCUS_AREA:
            if (!e.parent_id().empty()) Error("a målområde (focus area) has no parent");
            break;
          case pb::GOAL_LEVEL_MUNICIPAL_GOAL:
            parent_level = pb::GOAL_LEVEL_FOCUS_AREA;
            break;
          case pb::GOAL_LEVEL_BOARD_GOAL:
            parent_level = pb::GOAL_LEVEL_MUNICIPAL_GOAL;
            break;
          default:
            Error("the goal's level is missing");
            break;
        }
        if (parent_level != pb::GOAL_LEVEL_UNSPECIFIED) {
          auto parent = plan->goals.find(e.parent_id());
          if (parent == plan->goals.end()) {
            Error(StrCat("goal '", e.goal_id(), "': parent '", e.parent_id(), "' is not defined"));
          } else if (parent->second.level() != parent_level) {
            Error(StrCat("goal '", e.goal_id(), "': parent '", e.parent_id(),
                         "' is at the wrong level"));
          }
        }
        auto it = plan->goals.find(e.goal_id());
        return it == plan->goals.end() || !Same(it->second, e);
      }
      case pb::GoalsEvent::kIndicatorDefined: {
        const auto& e = event.indicator_defined();
        const Plan* plan = RequirePlan(e.board_unit_id(), e.year());
        if (plan == nullptr) return false;
        if (e.indicator_id().empty()) Error("the indicator's id is missing");
        if (e.name().empty()) Error(StrCat("indicator '", e.indicator_id(), "' has no name"));
        RequireBoardGoal(*plan, e.goal_id());
        std::set<std::string> rows;
        for (const pb::BreakdownRow& row : e.breakdowns()) {
          if (row.id().empty()) Error("a breakdown row needs an id");
          if (!rows.insert(row.id()).second) Error(StrCat("breakdown row '", row.id(), "' twice"));
        }
        if (e.has_derivation()) {
          const pb::Derivation& d = e.derivation();
          if (d.kind() == pb::DERIVED_KIND_UNSPECIFIED) Error("the derivation's kind is missing");
          if (d.unit_id().empty()) Error("the derivation's unit is missing");
          if (d.from_year() == 0) Error("the derivation's from_year is missing");
        }
        auto it = plan->indicators.find(e.indicator_id());
        return it == plan->indicators.end() || !Same(it->second, e);
      }
      case pb::GoalsEvent::kTargetSet: {
        const auto& e = event.target_set();
        const Plan* plan = RequirePlan(e.board_unit_id(), e.year());
        if (plan == nullptr) return false;
        auto indicator = plan->indicators.find(e.indicator_id());
        if (indicator == plan->indicators.end()) {
          Error(StrCat("no indicator '", e.indicator_id(), "' in the plan"));
          return false;
        }
        if (!KnownBreakdown(indicator->second, e.breakdown())) {
          Error(StrCat("indicator '", e.indicator_id(), "' has no row '", e.breakdown(), "'"));
        }
        if (e.target().form_case() == pb::Target::FORM_NOT_SET) Error("the target is empty");
        const pb::Target* current = plan->TargetOf(e.indicator_id(), e.breakdown());
        return current == nullptr || !Same(*current, e.target());
      }
      case pb::GoalsEvent::kIndicatorValueRecorded: {
        const auto& e = event.indicator_value_recorded();
        auto definitions = Definitions(state_, e.board_unit_id(), e.indicator_id());
        if (definitions.empty()) {
          Error(StrCat("board ", e.board_unit_id(), " has no indicator '", e.indicator_id(), "'"));
          return false;
        }
        bool known_row = false;
        for (const pb::IndicatorDefined* d : definitions) {
          known_row = known_row || KnownBreakdown(*d, e.breakdown());
          if (d->has_derivation() && e.period().year() >= d->derivation().from_year() &&
              e.source() != pb::VALUE_SOURCE_LEDGER && e.breakdown().empty()) {
            Error(StrCat("indicator '", e.indicator_id(), "' is derived from the ledger from ",
                         d->derivation().from_year(), "; ", FormatPeriod(e.period()),
                         " cannot be typed (only earlier years, as history)"));
          }
        }
        if (!known_row) {
          Error(StrCat("indicator '", e.indicator_id(), "' has no row '", e.breakdown(), "'"));
        }
        if (e.period().year() < 1900 || e.period().month() < 0 || e.period().month() > 12) {
          Error("the period is missing or not a period");
        }
        if (!HasValue(e.value())) Error("the value is empty; record I.U. for no data");
        const ValueRevision* current = state_.LatestValue(e.board_unit_id(), e.indicator_id(),
                                                          e.breakdown(), KeyOf(e.period()));
        if (current == nullptr) return true;
        if (!Same(current->recorded.value(), e.value())) return true;
        if (e.source() != pb::VALUE_SOURCE_LEDGER) return false;
        return current->recorded.source() != e.source() ||
               !Same(current->recorded.derived(), e.derived());
      }
      case pb::GoalsEvent::kIndicatorValueWithdrawn: {
        const auto& e = event.indicator_value_withdrawn();
        const ValueRevision* current = state_.LatestValue(e.board_unit_id(), e.indicator_id(),
                                                          e.breakdown(), KeyOf(e.period()));
        if (current == nullptr) {
          Error(StrCat("indicator '", e.indicator_id(), "' has no value for ",
                       FormatPeriod(e.period()), " to withdraw"));
          return false;
        }
        if (current->recorded.source() == pb::VALUE_SOURCE_LEDGER) {
          Error("a value derived from the ledger cannot be withdrawn");
        }
        return true;
      }
      case pb::GoalsEvent::kAssessmentRecorded: {
        const auto& e = event.assessment_recorded();
        const Plan* plan = RequirePlan(e.board_unit_id(), e.year());
        if (plan == nullptr) return false;
        RequireBoardGoal(*plan, e.goal_id());
        RequirePeriodInYear(e.period(), e.year());
        if (e.assessment() == pb::ASSESSMENT_UNSPECIFIED) Error("the assessment is missing");
        auto it = plan->assessments.find({e.goal_id(), KeyOf(e.period())});
        return it == plan->assessments.end() || !Same(it->second, e);
      }
      case pb::GoalsEvent::kActivityDefined: {
        const auto& e = event.activity_defined();
        const Plan* plan = RequirePlan(e.board_unit_id(), e.year());
        if (plan == nullptr) return false;
        if (e.activity_id().empty()) Error("the activity's id is missing");
        if (e.name().empty()) Error(StrCat("activity '", e.activity_id(), "' has no name"));
        for (const std::string& goal : e.goal_ids()) RequireBoardGoal(*plan, goal);
        auto it = plan->activities.find(e.activity_id());
        return it == plan->activities.end() || !Same(it->second, e);
      }
      case pb::GoalsEvent::kActivityStatusReported: {
        const auto& e = event.activity_status_reported();
        const Plan* plan = RequirePlan(e.board_unit_id(), e.year());
        if (plan == nullptr) return false;
        if (!plan->activities.count(e.activity_id())) {
          Error(StrCat("no activity '", e.activity_id(), "' in the plan"));
        }
        RequirePeriodInYear(e.period(), e.year());
        if (e.status() == pb::ACTIVITY_STATUS_UNSPECIFIED) Error("the status is missing");
        if (e.postponed_to_year() != 0 && e.postponed_to_year() < e.year()) {
          Error(StrCat("postponed to ", e.postponed_to_year(), ": expected the plan's year ",
                       e.year(), " or later"));
        }
        auto it = plan->activity_statuses.find({e.activity_id(), KeyOf(e.period())});
        return it == plan->activity_statuses.end() || !Same(it->second, e);
      }
      case pb::GoalsEvent::kAssignmentDefined: {
        const auto& e = event.assignment_defined();
        const Plan* plan = RequirePlan(e.board_unit_id(), e.year());
        if (plan == nullptr) return false;
        if (e.assignment_id().empty()) Error("the assignment's id is missing");
        if (e.title().empty()) Error(StrCat("assignment '", e.assignment_id(), "' has no title"));
        for (const std::string& goal : e.goal_ids()) RequireBoardGoal(*plan, goal);
        auto it = plan->assignments.find(e.assignment_id());
        return it == plan->assignments.end() || !Same(it->second, e);
      }
      case pb::GoalsEvent::kAssignmentStatusReported: {
        const auto& e = event.assignment_status_reported();
        const Plan* plan = RequirePlan(e.board_unit_id(), e.year());
        if (plan == nullptr) return false;
        if (!plan->assignments.count(e.assignment_id())) {
          Error(StrCat("no assignment '", e.assignment_id(), "' in the plan"));
        }
        RequirePeriodInYear(e.period(), e.year());
        if (e.status() == pb::ASSIGNMENT_STATUS_UNSPECIFIED) Error("the status is missing");
        auto it = plan->assignment_statuses.find({e.assignment_id(), KeyOf(e.period())});
        return it == plan->assignment_statuses.end() || !Same(it->second, e);
      }
      case pb::GoalsEvent::kPersonnelFigureRecorded: {
        const auto& e = event.personnel_figure_recorded();
        if (e.unit_id().empty()) Error("the unit is missing");
        if (e.measure() == pb::PERSONNEL_MEASURE_UNSPECIFIED) Error("the measure is missing");
        if (!HasValue(e.value())) Error("the value is empty; record I.U. for no data");
        if (e.period().year() < 1900) Error("the period is missing");
        auto it = state_.personnel.find({e.unit_id(), e.measure(), KeyOf(e.period())});
        return it == state_.personnel.end() || !Same(it->second.value(), e.value());
      }
      case pb::GoalsEvent::kPersonnelTargetSet: {
        const auto& e = event.personnel_target_set();
        if (e.unit_id().empty()) Error("the unit is missing");
        if (e.measure() == pb::PERSONNEL_MEASURE_UNSPECIFIED) Error("the measure is missing");
        if (e.target().form_case() == pb::Target::FORM_NOT_SET) Error("the target is empty");
        auto it = state_.personnel_targets.find({e.unit_id(), e.measure(), e.year()});
        return it == state_.personnel_targets.end() || !Same(it->second.target(), e.target());
      }
      case pb::GoalsEvent::kPlanItemRemoved: {
        const auto& e = event.plan_item_removed();
        const Plan* plan = RequirePlan(e.board_unit_id(), e.year());
        if (plan == nullptr) return false;
        bool exists = false;
        switch (e.kind()) {
          case pb::PLAN_ITEM_KIND_GOAL: {
            exists = plan->goals.count(e.id()) > 0;
            for (const auto& [id, goal] : plan->goals) {
              if (goal.parent_id() == e.id()) {
                Error(StrCat("goal '", e.id(), "' still has goal '", id, "' below it"));
              }
            }
            for (const auto& [id, indicator] : plan->indicators) {
              if (indicator.goal_id() == e.id()) {
                Error(StrCat("goal '", e.id(), "' still has indicator '", id, "'"));
              }
            }
            break;
          }
          case pb::PLAN_ITEM_KIND_INDICATOR:
            exists = plan->indicators.count(e.id()) > 0;
            break;
          case pb::PLAN_ITEM_KIND_ACTIVITY:
            exists = plan->activities.count(e.id()) > 0;
            break;
          case pb::PLAN_ITEM_KIND_ASSIGNMENT:
            exists = plan->assignments.count(e.id()) > 0;
            break;
          default:
            Error("the kind of item is missing");
            return false;
        }
        if (!exists) Error(StrCat("the plan has no such item '", e.id(), "'"));
        return exists;
      }
      case pb::GoalsEvent::kImportCompleted:
        return true;
      case pb::GoalsEvent::kEvaluationPublished:
      case pb::GoalsEvent::EVENT_NOT_SET:
        Error("not a fact a command can propose");
        return false;
    }
    return false;
  }

  State state_;  // a working copy: proposals see the accepted ones before them
  Decision& decision_;
  const Origin* origin_ = nullptr;
  size_t errors_before_ = 0;
};

}  // namespace

Decision DecideFacts(const State& state, const std::vector<Proposal>& proposals) {
  Decision decision;
  Checker checker(state, decision);
  for (const Proposal& proposal : proposals) checker.Propose(proposal);
  return decision;
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
