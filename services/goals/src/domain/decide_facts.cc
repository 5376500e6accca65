// DecideFacts: each proposed fact checked against the state and the facts accepted before
// it (decide.h).

#include <set>
#include <string>
#include <vector>

#include "domain/decide.h"
#include "tertial/base/strings.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals {
namespace {

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

// The recorded entry of `map` under `key`, null if none.
template <typename Map>
const typename Map::mapped_type* Find(const Map& map, const typename Map::key_type& key) {
  auto it = map.find(key);
  return it == map.end() ? nullptr : &it->second;
}

// Whether `fact` changes what is recorded (nothing recorded: it does).
bool Differs(const google::protobuf::Message* recorded, const google::protobuf::Message& fact) {
  return recorded == nullptr || !Same(*recorded, fact);
}

// Checks proposals one by one against the state and the proposals accepted before them.
// Each kind of fact has its check, named for it; a check reports what is wrong through
// Error() and returns whether the fact changes the state.
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
  bool Check(const pb::GoalsEvent& event) {
    switch (event.event_case()) {
      case pb::GoalsEvent::kPlanDefined:
        return CheckPlanDefined(event.plan_defined());
      case pb::GoalsEvent::kGoalDefined:
        return CheckGoalDefined(event.goal_defined());
      case pb::GoalsEvent::kIndicatorDefined:
        return CheckIndicatorDefined(event.indicator_defined());
      case pb::GoalsEvent::kTargetSet:
        return CheckTargetSet(event.target_set());
      case pb::GoalsEvent::kIndicatorValueRecorded:
        return CheckIndicatorValueRecorded(event.indicator_value_recorded());
      case pb::GoalsEvent::kIndicatorValueWithdrawn:
        return CheckIndicatorValueWithdrawn(event.indicator_value_withdrawn());
      case pb::GoalsEvent::kAssessmentRecorded:
        return CheckAssessmentRecorded(event.assessment_recorded());
      case pb::GoalsEvent::kActivityDefined:
        return CheckActivityDefined(event.activity_defined());
      case pb::GoalsEvent::kActivityStatusReported:
        return CheckActivityStatusReported(event.activity_status_reported());
      case pb::GoalsEvent::kAssignmentDefined:
        return CheckAssignmentDefined(event.assignment_defined());
      case pb::GoalsEvent::kAssignmentStatusReported:
        return CheckAssignmentStatusReported(event.assignment_status_reported());
      case pb::GoalsEvent::kPersonnelFigureRecorded:
        return CheckPersonnelFigureRecorded(event.personnel_figure_recorded());
      case pb::GoalsEvent::kPersonnelTargetSet:
        return CheckPersonnelTargetSet(event.personnel_target_set());
      case pb::GoalsEvent::kPlanItemRemoved:
        return CheckPlanItemRemoved(event.plan_item_removed());
      case pb::GoalsEvent::kImportCompleted:
        return true;
      case pb::GoalsEvent::kEvaluationPublished:
      case pb::GoalsEvent::EVENT_NOT_SET:
        Error("not a fact a command can propose");
        return false;
    }
    return false;
  }

  // --- The checks, one per kind of fact.

  bool CheckPlanDefined(const pb::PlanDefined& e) {
    if (e.board_unit_id().empty()) Error("the board (board_unit_id) is missing");
    if (e.year() < 1900 || e.year() > 2200) Error(StrCat("year ", e.year(), " is not a year"));
    const Plan* plan = state_.FindPlan(e.board_unit_id(), e.year());
    return plan == nullptr || !Same(plan->plan, e);
  }

  bool CheckGoalDefined(const pb::GoalDefined& e) {
    const Plan* plan = RequirePlan(e.board_unit_id(), e.year());
    if (plan == nullptr) return false;
    RequireIdAndName("goal", e.goal_id(), e.name());
    RequireParentGoal(*plan, e);
    return Differs(Find(plan->goals, e.goal_id()), e);
  }

  bool CheckIndicatorDefined(const pb::IndicatorDefined& e) {
    const Plan* plan = RequirePlan(e.board_unit_id(), e.year());
    if (plan == nullptr) return false;
    RequireIdAndName("indicator", e.indicator_id(), e.name());
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
    return Differs(Find(plan->indicators, e.indicator_id()), e);
  }

  bool CheckTargetSet(const pb::TargetSet& e) {
    const Plan* plan = RequirePlan(e.board_unit_id(), e.year());
    if (plan == nullptr) return false;
    const pb::IndicatorDefined* indicator = Find(plan->indicators, e.indicator_id());
    if (indicator == nullptr) {
      Error(StrCat("no indicator '", e.indicator_id(), "' in the plan"));
      return false;
    }
    if (!KnownBreakdown(*indicator, e.breakdown())) {
      Error(StrCat("indicator '", e.indicator_id(), "' has no row '", e.breakdown(), "'"));
    }
    RequireTarget(e.target());
    return Differs(plan->TargetOf(e.indicator_id(), e.breakdown()), e.target());
  }

  bool CheckIndicatorValueRecorded(const pb::IndicatorValueRecorded& e) {
    auto definitions = Definitions(state_, e.board_unit_id(), e.indicator_id());
    if (definitions.empty()) {
      Error(StrCat("board ", e.board_unit_id(), " has no indicator '", e.indicator_id(), "'"));
      return false;
    }
    bool known_row = false;
    for (const pb::IndicatorDefined* d : definitions) {
      known_row = known_row || KnownBreakdown(*d, e.breakdown());
      RefuseTypedDerivedValue(*d, e);
    }
    if (!known_row) {
      Error(StrCat("indicator '", e.indicator_id(), "' has no row '", e.breakdown(), "'"));
    }
    if (e.period().year() < 1900 || e.period().month() < 0 || e.period().month() > 12) {
      Error("the period is missing or not a period");
    }
    RequireValue(e.value());
    const ValueRevision* current =
        state_.LatestValue(e.board_unit_id(), e.indicator_id(), e.breakdown(), KeyOf(e.period()));
    if (current == nullptr) return true;
    if (!Same(current->recorded.value(), e.value())) return true;
    if (e.source() != pb::VALUE_SOURCE_LEDGER) return false;
    return current->recorded.source() != e.source() ||
           !Same(current->recorded.derived(), e.derived());
  }

  bool CheckIndicatorValueWithdrawn(const pb::IndicatorValueWithdrawn& e) {
    const ValueRevision* current =
        state_.LatestValue(e.board_unit_id(), e.indicator_id(), e.breakdown(), KeyOf(e.period()));
    if (current == nullptr) {
      Error(StrCat("indicator '", e.indicator_id(), "' has no value for ", FormatPeriod(e.period()),
                   " to withdraw"));
      return false;
    }
    if (current->recorded.source() == pb::VALUE_SOURCE_LEDGER) {
      Error("a value derived from the ledger cannot be withdrawn");
    }
    return true;
  }

  bool CheckAssessmentRecorded(const pb::AssessmentRecorded& e) {
    const Plan* plan = RequirePlan(e.board_unit_id(), e.year());
    if (plan == nullptr) return false;
    RequireBoardGoal(*plan, e.goal_id());
    RequirePeriodInYear(e.period(), e.year());
    if (e.assessment() == pb::ASSESSMENT_UNSPECIFIED) Error("the assessment is missing");
    return Differs(Find(plan->assessments, {e.goal_id(), KeyOf(e.period())}), e);
  }

  bool CheckActivityDefined(const pb::ActivityDefined& e) {
    const Plan* plan = RequirePlan(e.board_unit_id(), e.year());
    if (plan == nullptr) return false;
    RequireIdAndName("activity", e.activity_id(), e.name());
    for (const std::string& goal : e.goal_ids()) RequireBoardGoal(*plan, goal);
    return Differs(Find(plan->activities, e.activity_id()), e);
  }

  bool CheckActivityStatusReported(const pb::ActivityStatusReported& e) {
    const Plan* plan = RequireStatusReport(e.board_unit_id(), e.year(), "activity",
                                           &Plan::activities, e.activity_id(), e.period(),
                                           e.status() != pb::ACTIVITY_STATUS_UNSPECIFIED);
    if (plan == nullptr) return false;
    if (e.postponed_to_year() != 0 && e.postponed_to_year() < e.year()) {
      Error(StrCat("postponed to ", e.postponed_to_year(), ": expected the plan's year ", e.year(),
                   " or later"));
    }
    return Differs(Find(plan->activity_statuses, {e.activity_id(), KeyOf(e.period())}), e);
  }

  bool CheckAssignmentDefined(const pb::AssignmentDefined& e) {
    const Plan* plan = RequirePlan(e.board_unit_id(), e.year());
    if (plan == nullptr) return false;
    RequireIdAndName("assignment", e.assignment_id(), e.title(), "title");
    for (const std::string& goal : e.goal_ids()) RequireBoardGoal(*plan, goal);
    return Differs(Find(plan->assignments, e.assignment_id()), e);
  }

  bool CheckAssignmentStatusReported(const pb::AssignmentStatusReported& e) {
    const Plan* plan = RequireStatusReport(e.board_unit_id(), e.year(), "assignment",
                                           &Plan::assignments, e.assignment_id(), e.period(),
                                           e.status() != pb::ASSIGNMENT_STATUS_UNSPECIFIED);
    if (plan == nullptr) return false;
    return Differs(Find(plan->assignment_statuses, {e.assignment_id(), KeyOf(e.period())}), e);
  }

  bool CheckPersonnelFigureRecorded(const pb::PersonnelFigureRecorded& e) {
    RequireUnitAndMeasure(e.unit_id(), e.measure());
    RequireValue(e.value());
    if (e.period().year() < 1900) Error("the period is missing");
    const pb::PersonnelFigureRecorded* recorded =
        Find(state_.personnel, {e.unit_id(), e.measure(), KeyOf(e.period())});
    return recorded == nullptr || !Same(recorded->value(), e.value());
  }

  bool CheckPersonnelTargetSet(const pb::PersonnelTargetSet& e) {
    RequireUnitAndMeasure(e.unit_id(), e.measure());
    RequireTarget(e.target());
    const pb::PersonnelTargetSet* recorded =
        Find(state_.personnel_targets, {e.unit_id(), e.measure(), e.year()});
    return recorded == nullptr || !Same(recorded->target(), e.target());
  }

  bool CheckPlanItemRemoved(const pb::PlanItemRemoved& e) {
    const Plan* plan = RequirePlan(e.board_unit_id(), e.year());
    if (plan == nullptr) return false;
    bool exists = false;
    switch (e.kind()) {
      case pb::PLAN_ITEM_KIND_GOAL:
        exists = plan->goals.count(e.id()) > 0;
        RequireNothingBelowGoal(*plan, e.id());
        break;
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

  // --- What several checks require.

  void Error(std::string message) {
    decision_.errors.push_back(IssueAt(*origin_, std::move(message)));
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

  // A plan item's id and its name (an assignment's "title").
  void RequireIdAndName(std::string_view kind, const std::string& id, const std::string& name,
                        std::string_view name_word = "name") {
    if (id.empty()) Error(StrCat("the ", kind, "'s id is missing"));
    if (name.empty()) Error(StrCat(kind, " '", id, "' has no ", name_word));
  }

  // A målområde has no parent; a kommunövergripande mål sits under a målområde and a
  // nämndmål under a kommunövergripande mål.
  void RequireParentGoal(const Plan& plan, const pb::GoalDefined& e) {
    pb::GoalLevel parent_level = pb::GOAL_LEVEL_UNSPECIFIED;
    switch (e.level()) {
      case pb::GOAL_LEVEL_FOCUS_AREA:
        if (!e.parent_id().empty()) Error("a målområde (focus area) has no parent");
        return;
      case pb::GOAL_LEVEL_MUNICIPAL_GOAL:
        parent_level = pb::GOAL_LEVEL_FOCUS_AREA;
        break;
      case pb::GOAL_LEVEL_BOARD_GOAL:
        parent_level = pb::GOAL_LEVEL_MUNICIPAL_GOAL;
        break;
      default:
        Error("the goal's level is missing");
        return;
    }
    const pb::GoalDefined* parent = Find(plan.goals, e.parent_id());
    if (parent == nullptr) {
      Error(StrCat("goal '", e.goal_id(), "': parent '", e.parent_id(), "' is not defined"));
    } else if (parent->level() != parent_level) {
      Error(StrCat("goal '", e.goal_id(), "': parent '", e.parent_id(), "' is at the wrong level"));
    }
  }

  const pb::GoalDefined* RequireBoardGoal(const Plan& plan, const std::string& goal_id) {
    const pb::GoalDefined* goal = Find(plan.goals, goal_id);
    if (goal == nullptr) {
      Error(StrCat("no goal '", goal_id, "' in the plan ", plan.plan.board_unit_id(), " ",
                   plan.plan.year()));
      return nullptr;
    }
    if (goal->level() != pb::GOAL_LEVEL_BOARD_GOAL) {
      Error(StrCat("goal '", goal_id, "' is not a nämndmål (board goal)"));
      return nullptr;
    }
    return goal;
  }

  void RequireNothingBelowGoal(const Plan& plan, const std::string& goal_id) {
    for (const auto& [id, goal] : plan.goals) {
      if (goal.parent_id() == goal_id) {
        Error(StrCat("goal '", goal_id, "' still has goal '", id, "' below it"));
      }
    }
    for (const auto& [id, indicator] : plan.indicators) {
      if (indicator.goal_id() == goal_id) {
        Error(StrCat("goal '", goal_id, "' still has indicator '", id, "'"));
      }
    }
  }

  void RequirePeriodInYear(const pb::ValuePeriod& period, int year) {
    if (period.year() != year || period.month() < 0 || period.month() > 12) {
      Error(StrCat("period ", FormatPeriod(period), " is not in the plan's year ", year));
    }
  }

  // What an activity's and an assignment's status report share: the plan, the item in it
  // (`items` of the plan, `kind` for messages), the period in the plan's year and a
  // status. Null when there is no plan.
  template <typename Items>
  const Plan* RequireStatusReport(const std::string& board, int year, std::string_view kind,
                                  Items Plan::*items, const std::string& id,
                                  const pb::ValuePeriod& period, bool has_status) {
    const Plan* plan = RequirePlan(board, year);
    if (plan == nullptr) return nullptr;
    if (!(plan->*items).count(id)) Error(StrCat("no ", kind, " '", id, "' in the plan"));
    RequirePeriodInYear(period, year);
    if (!has_status) Error("the status is missing");
    return plan;
  }

  // Values of a ledger-derived indicator come from the ledger from its from_year on;
  // earlier years may be typed, as history.
  void RefuseTypedDerivedValue(const pb::IndicatorDefined& d, const pb::IndicatorValueRecorded& e) {
    if (d.has_derivation() && e.period().year() >= d.derivation().from_year() &&
        e.source() != pb::VALUE_SOURCE_LEDGER && e.breakdown().empty()) {
      Error(StrCat("indicator '", e.indicator_id(), "' is derived from the ledger from ",
                   d.derivation().from_year(), "; ", FormatPeriod(e.period()),
                   " cannot be typed (only earlier years, as history)"));
    }
  }

  void RequireValue(const pb::IndicatorValue& value) {
    if (!HasValue(value)) Error("the value is empty; record I.U. for no data");
  }

  void RequireTarget(const pb::Target& target) {
    if (target.form_case() == pb::Target::FORM_NOT_SET) Error("the target is empty");
  }

  void RequireUnitAndMeasure(const std::string& unit, pb::PersonnelMeasure measure) {
    if (unit.empty()) Error("the unit is missing");
    if (measure == pb::PERSONNEL_MEASURE_UNSPECIFIED) Error("the measure is missing");
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

}  // namespace tertial::goals
