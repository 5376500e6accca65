#include "goals_input.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "goals_values.h"
#include "projection.h"
#include "projection_values.h"
#include "tertial/base/strings.h"
#include "tertial/goals/v1/events.pb.h"
#include "tertial/money/decimal_proto.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::reporting {
namespace {

namespace gv1 = ::tertial::goals::v1;

// Reads the goals keys (g/<org>/...) of one board and the period's year, step by step in
// the order of the report's goals sections.
class GoalsLoader {
 public:
  GoalsLoader(const projection::Reader& db, std::string_view org, std::string_view board,
              const period::Period& period, BuildInput* in)
      : db_(db),
        g_(StrCat("g/", org, "/")),
        board_(board),
        period_(period),
        year_(period.year),
        as_of_(MonthKey(period.year, period.month)),
        in_(*in) {}

  absl::Status Run() {
    for (auto step : {&GoalsLoader::Plan, &GoalsLoader::GoalTree, &GoalsLoader::Evaluation,
                      &GoalsLoader::BoardGoals, &GoalsLoader::Indicators, &GoalsLoader::Activities,
                      &GoalsLoader::Assignments, &GoalsLoader::Personnel}) {
      if (absl::Status s = (this->*step)(); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

 private:
  // The plan: which unit follows it up (for personnel figures) and its footnotes.
  absl::Status Plan() {
    auto plan_bytes = db_.Get(StrCat(g_, "plan/", board_, "/", year_));
    if (!plan_bytes.ok()) return plan_bytes.status();
    if (!plan_bytes->has_value()) return absl::OkStatus();
    auto plan = ParseValue<gv1::PlanDefined>(**plan_bytes, "plan");
    if (!plan.ok()) return plan.status();
    reporting_unit_ = plan->reporting_unit_id();
    for (const gv1::Footnote& f : plan->footnotes())
      in_.indicator_footnotes.push_back({std::to_string(f.number()), f.text()});
    return absl::OkStatus();
  }

  // Goal tree: focus areas, municipal goals, board goals.
  absl::Status GoalTree() {
    auto goal_rows = ScanAll(db_, StrCat(g_, "goal/", board_, "/", year_, "/"));
    if (!goal_rows.ok()) return goal_rows.status();
    for (const auto& [id, bytes] : *goal_rows) {
      auto goal = ParseValue<gv1::GoalDefined>(bytes, "goal");
      if (!goal.ok()) return goal.status();
      goals_[goal->goal_id()] = *goal;
    }
    return absl::OkStatus();
  }

  // The goals service's evaluation at the period (or the latest before it).
  absl::Status Evaluation() {
    auto evals = ScanAll(db_, StrCat(g_, "eval/", board_, "/", year_, "/"));
    if (!evals.ok()) return evals.status();
    std::map<std::string, std::string> eval_by_month(evals->begin(), evals->end());
    if (const std::string* e = LatestUpTo(eval_by_month, as_of_)) {
      auto parsed = ParseValue<gv1::EvaluationPublished>(*e, "evaluation");
      if (!parsed.ok()) return parsed.status();
      evaluation_ = *parsed;
    }
    return absl::OkStatus();
  }

  const gv1::GoalDefined* Parent(const gv1::GoalDefined& x) const {
    auto it = goals_.find(x.parent_id());
    return it == goals_.end() ? nullptr : &it->second;
  }

  // The nämndmål by the position of their focus area, municipal goal and their own, each
  // with its latest assessment and the goals service's check of it.
  absl::Status BoardGoals() {
    std::vector<std::tuple<int, int, int, const gv1::GoalDefined*>> board_goals;
    for (const auto& [id, goal] : goals_) {
      if (goal.level() != gv1::GOAL_LEVEL_BOARD_GOAL) continue;
      const gv1::GoalDefined* municipal = Parent(goal);
      const gv1::GoalDefined* area = municipal ? Parent(*municipal) : nullptr;
      board_goals.emplace_back(area ? area->position() : 0, municipal ? municipal->position() : 0,
                               goal.position(), &goal);
    }
    std::stable_sort(board_goals.begin(), board_goals.end(), [](const auto& a, const auto& b) {
      return std::make_tuple(std::get<0>(a), std::get<1>(a), std::get<2>(a)) <
             std::make_tuple(std::get<0>(b), std::get<1>(b), std::get<2>(b));
    });
    for (const auto& [area_pos, municipal_pos, pos, goal] : board_goals) {
      const gv1::GoalDefined* municipal = Parent(*goal);
      const gv1::GoalDefined* area = municipal ? Parent(*municipal) : nullptr;
      GoalInput in{.id = goal->goal_id(),
                   .area = area ? area->name() : "",
                   .municipal_goal = municipal ? municipal->name() : "",
                   .name = goal->name()};
      auto assessments =
          ScanAll(db_, StrCat(g_, "ass/", board_, "/", year_, "/", goal->goal_id(), "/"));
      if (!assessments.ok()) return assessments.status();
      std::map<std::string, std::string> by_month(assessments->begin(), assessments->end());
      if (const std::string* bytes = LatestUpTo(by_month, as_of_)) {
        auto a = ParseValue<gv1::AssessmentRecorded>(*bytes, "assessment");
        if (!a.ok()) return a.status();
        in.assessment = ToAssessment(a->assessment());
        in.rationale = a->rationale();
      }
      if (evaluation_) in.check = CheckOf(*evaluation_, goal->goal_id());
      in_.goals.push_back(std::move(in));
    }
    return absl::OkStatus();
  }

  // Indicator columns: the two years before and the period followed up; then each
  // indicator (by position) with its targets and values, the total row first and then the
  // breakdown rows in the plan's order.
  absl::Status Indicators() {
    in_.indicator_periods = {
        {std::to_string(year_ - 2), std::to_string(year_ - 2), ColumnKind::kNumber},
        {std::to_string(year_ - 1), std::to_string(year_ - 1), ColumnKind::kNumber},
        {as_of_,
         StrCat(std::string(1, static_cast<char>(period::MonthName(period_.month)[0] - 32)),
                period::MonthName(period_.month).substr(1), " ", year_),
         ColumnKind::kNumber}};
    auto indicators = ScanAll(db_, StrCat(g_, "ind/", board_, "/", year_, "/"));
    if (!indicators.ok()) return indicators.status();
    std::vector<gv1::IndicatorDefined> defs;
    for (const auto& [id, bytes] : *indicators) {
      auto d = ParseValue<gv1::IndicatorDefined>(bytes, "indicator");
      if (!d.ok()) return d.status();
      defs.push_back(*d);
    }
    std::stable_sort(defs.begin(), defs.end(),
                     [](const auto& a, const auto& b) { return a.position() < b.position(); });
    for (const gv1::IndicatorDefined& d : defs) {
      IndicatorInput ind{.id = d.indicator_id(),
                         .goal_id = d.goal_id(),
                         .name = d.name(),
                         .mark = d.scope() == "municipality" ? "*" : ""};
      if (!d.footnotes().empty()) ind.footnote = std::to_string(d.footnotes(0));
      if (absl::Status s = Indicator(d, &ind); !s.ok()) return s;
      if (evaluation_) {
        for (const gv1::IndicatorEvaluation& e : evaluation_->indicators()) {
          if (e.indicator_id() == d.indicator_id() && e.breakdown().empty())
            ind.status = ToStatus(e.status());
        }
      }
      in_.indicators.push_back(std::move(ind));
    }
    return absl::OkStatus();
  }

  // One indicator's targets and values, its total and each breakdown row.
  absl::Status Indicator(const gv1::IndicatorDefined& d, IndicatorInput* ind) {
    const std::string target_key =
        StrCat(g_, "tgt/", board_, "/", year_, "/", d.indicator_id(), "/");
    auto target = db_.Get(target_key);
    if (!target.ok()) return target.status();
    if (target->has_value()) {
      auto t = ParseValue<gv1::TargetSet>(**target, "target");
      if (!t.ok()) return t.status();
      ind->target = ToTarget(t->target());
      if (!t->target().footnotes().empty())
        ind->target_footnote = std::to_string(t->target().footnotes(0));
    }
    for (const gv1::BreakdownRow& b : d.breakdowns())
      ind->breakdowns.push_back({.id = b.id(), .label = b.label()});
    for (size_t i = 0; i <= ind->breakdowns.size(); ++i) {
      std::string breakdown = i == 0 ? "" : ind->breakdowns[i - 1].id;
      std::map<std::string, IndicatorValue>* values =
          i == 0 ? &ind->values : &ind->breakdowns[i - 1].values;
      if (!breakdown.empty()) {
        auto bt = db_.Get(StrCat(target_key, breakdown));
        if (!bt.ok()) return bt.status();
        if (bt->has_value()) {
          auto t = ParseValue<gv1::TargetSet>(**bt, "target");
          if (!t.ok()) return t.status();
          ind->breakdowns[i - 1].target = ToTarget(t->target()).printed;
        }
      }
      for (const Column& c : in_.indicator_periods) {
        std::string key = c.id.size() == 4 ? StrCat(c.id, "-00") : c.id;
        auto v =
            db_.Get(StrCat(g_, "val/", board_, "/", d.indicator_id(), "/", breakdown, "/", key));
        if (!v.ok()) return v.status();
        if (!v->has_value()) continue;
        auto recorded = ParseValue<gv1::IndicatorValueRecorded>(**v, "indicator value");
        if (!recorded.ok()) return recorded.status();
        (*values)[c.id] = ToValue(recorded->value());
      }
    }
    return absl::OkStatus();
  }

  // Activities of the verksamhetsplan by status, as the evaluation counted them.
  absl::Status Activities() {
    if (!evaluation_ || evaluation_->activities().total() <= 0) return absl::OkStatus();
    const gv1::ActivityCounts& a = evaluation_->activities();
    in_.activities.clear();
    for (auto [status, count] :
         {std::pair{gv1::ACTIVITY_STATUS_DONE, a.done()},
          std::pair{gv1::ACTIVITY_STATUS_ONGOING, a.ongoing()},
          std::pair{gv1::ACTIVITY_STATUS_PAUSED, a.paused()},
          std::pair{gv1::ACTIVITY_STATUS_REMAINING, a.remaining()},
          std::pair{gv1::ACTIVITY_STATUS_CANCELLED, a.cancelled()},
          std::pair{gv1::ACTIVITY_STATUS_NOT_FOLLOWED_UP, a.not_followed_up()}}) {
      in_.activities.push_back({std::string(goals::ActivityStatusName(status)), count});
    }
    in_.activities_postponed_within_year = a.postponed_within_year();
    in_.activities_postponed_to_later_year = a.postponed_to_later_year();
    return absl::OkStatus();
  }

  // Strategic assignments (by position) with their latest status.
  absl::Status Assignments() {
    auto assignments = ScanAll(db_, StrCat(g_, "asg/", board_, "/", year_, "/"));
    if (!assignments.ok()) return assignments.status();
    std::vector<gv1::AssignmentDefined> asg;
    for (const auto& [id, bytes] : *assignments) {
      auto a = ParseValue<gv1::AssignmentDefined>(bytes, "assignment");
      if (!a.ok()) return a.status();
      asg.push_back(*a);
    }
    std::stable_sort(asg.begin(), asg.end(),
                     [](const auto& a, const auto& b) { return a.position() < b.position(); });
    for (const gv1::AssignmentDefined& a : asg) {
      AssignmentInput in{.id = a.assignment_id(), .title = a.title()};
      auto statuses =
          ScanAll(db_, StrCat(g_, "asgst/", board_, "/", year_, "/", a.assignment_id(), "/"));
      if (!statuses.ok()) return statuses.status();
      std::map<std::string, std::string> by_month(statuses->begin(), statuses->end());
      if (const std::string* bytes = LatestUpTo(by_month, as_of_)) {
        auto st = ParseValue<gv1::AssignmentStatusReported>(*bytes, "assignment status");
        if (!st.ok()) return st.status();
        gv1::AssignmentStatus status = st->status() == gv1::ASSIGNMENT_STATUS_DONE ||
                                               st->status() == gv1::ASSIGNMENT_STATUS_ONGOING
                                           ? st->status()
                                           : gv1::ASSIGNMENT_STATUS_REMAINING;
        in.status = goals::AssignmentStatusName(status);
        if (status == gv1::ASSIGNMENT_STATUS_ONGOING && st->deviation())
          in.status += " med avvikelse";
        in.comment = st->comment();
      }
      in_.assignments.push_back(std::move(in));
    }
    return absl::OkStatus();
  }

  // Personnel figures of the unit that follows the plan up (the board's first förvaltning
  // where the plan names none): this period, the same period last year, and the target.
  absl::Status Personnel() {
    std::string unit = reporting_unit_;
    if (unit.empty()) {
      for (const chart::UnitNode* child : in_.units.Children(board_)) {
        if (unit.empty() && child->kind == chart::UnitKind::kForvaltning) unit = child->id;
      }
    }
    for (gv1::PersonnelMeasure measure :
         {gv1::PERSONNEL_MEASURE_PERMANENT_EMPLOYEES, gv1::PERSONNEL_MEASURE_SICK_LEAVE,
          gv1::PERSONNEL_MEASURE_STAFF_TURNOVER}) {
      PersonnelInput p{.id = std::to_string(static_cast<int>(measure)),
                       .label = std::string(goals::PersonnelMeasureLabel(measure))};
      bool any = false;
      for (auto [month_key, slot] : {std::pair{MonthKey(year_, period_.month), &p.current},
                                     std::pair{MonthKey(year_ - 1, period_.month), &p.prior}}) {
        auto v = db_.Get(StrCat(g_, "pers/", unit, "/", static_cast<int>(measure), "/", month_key));
        if (!v.ok()) return v.status();
        if (!v->has_value()) continue;
        auto f = ParseValue<gv1::PersonnelFigureRecorded>(**v, "personnel figure");
        if (!f.ok()) return f.status();
        if (f->value().has_number()) *slot = money::DecimalFromProto(f->value().number());
        any = true;
      }
      auto t = db_.Get(StrCat(g_, "perstgt/", unit, "/", static_cast<int>(measure), "/", year_));
      if (!t.ok()) return t.status();
      if (t->has_value()) {
        auto target = ParseValue<gv1::PersonnelTargetSet>(**t, "personnel target");
        if (!target.ok()) return target.status();
        if (target->target().has_comparison())
          p.target = money::DecimalFromProto(target->target().comparison().value());
        any = true;
      }
      if (any) in_.personnel.push_back(std::move(p));
    }
    return absl::OkStatus();
  }

  const projection::Reader& db_;
  const std::string g_;  // "g/<org>/"
  const std::string board_;
  const period::Period period_;
  const int year_;
  const std::string as_of_;  // the period's month key
  BuildInput& in_;
  std::string reporting_unit_;
  std::map<std::string, gv1::GoalDefined> goals_;
  std::optional<gv1::EvaluationPublished> evaluation_;
};

}  // namespace

absl::Status LoadGoalsInput(const projection::Reader& db, std::string_view organisation,
                            std::string_view board, const period::Period& period, BuildInput* in) {
  return GoalsLoader(db, organisation, board, period, in).Run();
}

}  // namespace tertial::reporting
