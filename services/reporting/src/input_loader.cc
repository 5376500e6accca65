#include "input_loader.h"

#include <algorithm>
#include <ctime>
#include <map>
#include <set>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "goals_values.h"
#include "projection.h"
#include "tertial/base/strings.h"
#include "tertial/chart/account_class.h"
#include "tertial/chart/posting.h"
#include "tertial/forecast/v1/events.pb.h"
#include "tertial/goals/v1/events.pb.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/money/decimal_proto.h"
#include "tertial/money/money.h"
#include "tertial/period/proto.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::reporting {
namespace {

namespace lv1 = ::tertial::ledger::v1;
namespace fv1 = ::tertial::forecast::v1;
namespace gv1 = ::tertial::goals::v1;

// Every (key suffix, value) under `prefix`.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ScanAll(
    const projection::Reader& db, const std::string& prefix) {
  std::vector<std::pair<std::string, std::string>> out;
  absl::Status s = db.Scan(prefix, [&](std::string_view key, std::string_view value) {
    out.emplace_back(std::string(key.substr(prefix.size())), std::string(value));
    return true;
  });
  if (!s.ok()) return s;
  return out;
}

template <typename Message>
absl::StatusOr<Message> ParseValue(const std::string& bytes, std::string_view what) {
  Message m;
  if (!m.ParseFromString(bytes))
    return absl::DataLossError(StrCat("reporting projection: bad ", what));
  return m;
}

// The latest entry whose key (a month "YYYY-MM", or "YYYY-00" for the whole year) is at
// most `limit`.
template <typename Map>
const typename Map::mapped_type* LatestUpTo(const Map& by_month, const std::string& limit) {
  auto it = by_month.upper_bound(limit);
  if (it == by_month.begin()) return nullptr;
  return &std::prev(it)->second;
}

// "2021-09-03 12:02 UTC"
std::string FormatUtc(int64_t seconds) {
  if (seconds <= 0) return "vid okänd tid";
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M UTC", &tm);
  return buffer;
}

chart::UnitKind ToKind(lv1::UnitKind k) {
  return static_cast<chart::UnitKind>(static_cast<int>(k));
}

bool ParsePair(const std::string& value, int64_t* a, int64_t* b) {
  std::vector<std::string> parts = absl::StrSplit(value, ' ');
  return parts.size() == 2 && absl::SimpleAtoi(parts[0], a) && absl::SimpleAtoi(parts[1], b);
}

// "2021-08/KLS" -> (2021, 8, "KLS")
bool SplitMonthKey(std::string_view key, int* year, int* month, std::string* rest) {
  if (key.size() < 8 || key[4] != '-') return false;
  if (!absl::SimpleAtoi(ToAbsl(key.substr(0, 4)), year) ||
      !absl::SimpleAtoi(ToAbsl(key.substr(5, 2)), month))
    return false;
  *rest = key.size() > 8 ? std::string(key.substr(8)) : "";
  return true;
}

class Loader {
 public:
  Loader(const projection::Reader& db, std::string_view org, std::string_view board,
         period::Period period)
      : db_(db), org_(org), board_(board), period_(period) {}

  absl::StatusOr<BuildInput> Run() {
    in_.organisation = org_;
    in_.board_id = board_;
    in_.period = period_;
    if (auto name = db_.Get(StrCat("o/", org_)); name.ok() && name->has_value())
      in_.organisation_name = **name;
    if (absl::Status s = Units(); !s.ok()) return s;
    if (in_.units.Find(board_) == nullptr) {
      return absl::NotFoundError(
          StrCat("organisation ", org_, " has no board (unit) '", board_, "'"));
    }
    if (absl::Status s = FiscalYearOfPeriod(); !s.ok()) return s;
    for (auto step : {&Loader::Ledger, &Loader::Budget, &Loader::Forecast, &Loader::Goals,
                      &Loader::Narratives}) {
      if (absl::Status s = (this->*step)(); !s.ok()) return s;
    }
    return std::move(in_);
  }

 private:
  // The fiscal year the period lies in, as the ledger defined it (FiscalYearDefined, from
  // #RAR); the calendar year where it defined none. Reporting follows the ledger topic.
  absl::Status FiscalYearOfPeriod() {
    auto years = ScanAll(db_, StrCat("y/", org_, "/"));
    if (!years.ok()) return years.status();
    for (const auto& [label, bytes] : *years) {
      auto y = ParseValue<lv1::FiscalYearDefined>(bytes, "fiscal year");
      if (!y.ok()) return y.status();
      auto fy =
          period::FiscalYear::FromDates(period::FromProto(y->start()), period::FromProto(y->end()));
      if (fy.ok() && fy->Contains(period_)) fy_ = *fy;
    }
    in_.fiscal_year_start = fy_.Periods().first;
    return absl::OkStatus();
  }
  // Months from the fiscal year's first to (year, month): 0 for the first, negative before.
  int Offset(int year, int month) const {
    return period::Period{year, month}.Index() - fy_.Periods().first.Index();
  }
  int PeriodOffset() const { return Offset(period_.year, period_.month); }

  absl::Status Units() {
    auto units = ScanAll(db_, StrCat("u/", org_, "/"));
    if (!units.ok()) return units.status();
    for (const auto& [id, bytes] : *units) {
      auto u = ParseValue<lv1::UnitDefined>(bytes, "unit");
      if (!u.ok()) return u.status();
      in_.units.Define({.id = u->unit_id(),
                        .name = u->name(),
                        .parent_id = u->parent_id(),
                        .kind = ToKind(u->kind()),
                        .scb_activity_code = u->scb_activity_code(),
                        .position = u->position()});
    }
    auto projects = ScanAll(db_, StrCat("p/", org_, "/"));
    if (!projects.ok()) return projects.status();
    for (const auto& [id, bytes] : *projects) {
      auto p = ParseValue<lv1::ProjectDefined>(bytes, "project");
      if (!p.ok()) return p.status();
      ProjectInput project{.id = p->project_id(),
                           .name = p->name(),
                           .unit_id = p->unit_id(),
                           .position = p->position()};
      for (const lv1::ProjectFrame& f : p->frames()) {
        if (f.fiscal_year() == fy_.label()) project.frame_ore = f.frame_ore();
      }
      projects_[project.id] = in_.projects.size();
      in_.projects.push_back(std::move(project));
    }
    return absl::OkStatus();
  }

  absl::Status Ledger() {
    auto amounts = ScanAll(db_, StrCat("a/", org_, "/"));
    if (!amounts.ok()) return amounts.status();
    for (const auto& [key, value] : *amounts) {
      int year = 0, month = 0;
      std::string unit;
      int64_t costs = 0, revenues = 0;
      if (!SplitMonthKey(key, &year, &month, &unit) || !ParsePair(value, &costs, &revenues)) {
        return absl::DataLossError(
            StrCat("reporting projection: bad aggregate a/", org_, "/", key));
      }
      Amounts a{costs, revenues};
      UnitFigures& f = in_.figures[unit];
      // This fiscal year through the period; the twelve months before it (the prior
      // year's bokslut), and of those the same months as this year's.
      int offset = Offset(year, month);
      if (offset >= 0 && offset <= PeriodOffset()) f.actual += a;
      if (offset >= -12 && offset < 0) {
        f.prior_year += a;
        if (offset <= PeriodOffset() - 12) f.prior_period += a;
      }
    }
    // Investment spending and income to date, from the ledger (tertial/chart/posting.h), so
    // that they are the ledger's whether or not a forecast was published for the period.
    // The fiscal year's months through the period.
    auto investments = ScanAll(db_, StrCat("i/", org_, "/"));
    if (!investments.ok()) return investments.status();
    for (const auto& [key, value] : *investments) {
      int year = 0, month = 0;
      std::string project;
      int64_t spending = 0, income = 0;
      if (!SplitMonthKey(key, &year, &month, &project) || !ParsePair(value, &spending, &income)) {
        return absl::DataLossError(
            StrCat("reporting projection: bad investment i/", org_, "/", key));
      }
      int offset = Offset(year, month);
      if (offset < 0 || offset > PeriodOffset()) continue;
      ProjectInput& p = ProjectFor(project);
      const std::string what = StrCat("project ", project, "'s investment to date");
      if (absl::Status s = money::Add(&p.spending_to_date_ore, spending, what); !s.ok()) return s;
      if (absl::Status s = money::Add(&p.income_to_date_ore, income, what); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  // The project `id`, added (named by its id) if the ledger never defined it.
  ProjectInput& ProjectFor(const std::string& id, const std::string& unit_id = "") {
    auto it = projects_.find(id);
    if (it == projects_.end()) {
      it = projects_.emplace(id, in_.projects.size()).first;
      in_.projects.push_back({.id = id,
                              .name = id,
                              .unit_id = unit_id,
                              .position = 1000 + static_cast<int>(in_.projects.size())});
    }
    ProjectInput& project = in_.projects[it->second];
    if (project.unit_id.empty()) project.unit_id = unit_id;
    return project;
  }

  absl::Status Budget() {
    auto lines = ScanAll(db_, StrCat("b/", org_, "/"));
    if (!lines.ok()) return lines.status();
    int months = fy_.Months();
    for (const auto& [key, value] : *lines) {
      // "YYYY-MM/<unit>/<account>/<project>".
      std::vector<std::string> parts = absl::StrSplit(key, '/');
      int year = 0, month = 0;
      int64_t amount = 0;
      if (parts.size() != 4 || parts[0].size() != 7 ||
          !absl::SimpleAtoi(parts[0].substr(0, 4), &year) ||
          !absl::SimpleAtoi(parts[0].substr(5), &month) || !absl::SimpleAtoi(value, &amount)) {
        return absl::DataLossError(StrCat("reporting projection: bad budget line ", key));
      }
      int offset = Offset(year, month);
      if (offset < 0 || offset >= months) continue;
      chart::AccountKind kind = chart::Classify(parts[2]);
      if (kind != chart::AccountKind::kCost && kind != chart::AccountKind::kRevenue) continue;
      Amounts a = kind == chart::AccountKind::kCost ? Amounts{amount, 0} : Amounts{0, amount};
      UnitFigures& f = in_.figures[parts[1]];
      f.budget_year += a;
      if (offset <= PeriodOffset()) f.budget_period += a;
    }
    return absl::OkStatus();
  }

  absl::Status Forecast() {
    // The latest forecast published as of a month of this fiscal year through the period.
    auto published = ScanAll(db_, StrCat("f/", org_, "/"));
    if (!published.ok()) return published.status();
    std::map<std::string, std::string> by_month;
    for (auto& [key, value] : *published) {
      auto as_of = period::ParsePeriod(key);
      if (as_of.ok() && fy_.Contains(*as_of)) by_month[key] = value;
    }
    const std::string* latest = LatestUpTo(by_month, MonthKey(period_.year, period_.month));
    std::set<std::string> included;
    ForecastSource& source = in_.forecast_source.emplace();
    if (absl::Status s = ReportLedger(&source); !s.ok()) return s;
    if (latest != nullptr) {
      auto f = ParseValue<fv1::ForecastPublished>(*latest, "forecast");
      if (!f.ok()) return f.status();
      if (absl::Status s = Source(*f, &source); !s.ok()) return s;
      for (const fv1::UnitForecast& u : f->units()) {
        in_.forecasts[u.unit_id()] = {
            .forecast = {u.forecast_costs_ore(), u.forecast_revenues_ore()},
            .budget = {u.budget_costs_ore(), u.budget_revenues_ore()},
            .adjustments = {u.adjustments_costs_ore(), u.adjustments_revenues_ore()},
            .method = u.method(),
            .method_requested = u.method_requested()};
        if (source.ledger_known) source.actual_net_ore[u.unit_id()] = u.actual_net_ore();
      }
      for (const fv1::ProjectForecast& p : f->projects()) {
        // Spending and income to date are the ledger's (Ledger above), the forecast's own.
        ProjectInput& project = ProjectFor(p.project_id(), p.unit_id());
        project.forecast_spending_ore = p.forecast_spending_ore();
        project.forecast_income_ore = p.forecast_income_ore();
        project.frame_ore = p.frame_ore();
        project.has_forecast = true;
      }
      included.insert(f->adjustment_ids().begin(), f->adjustment_ids().end());
    }
    auto adjustments = ScanAll(db_, StrCat("j/", org_, "/"));
    if (!adjustments.ok()) return adjustments.status();
    for (const auto& [id, bytes] : *adjustments) {
      auto a = ParseValue<fv1::AdjustmentMade>(bytes, "adjustment");
      if (!a.ok()) return a.status();
      if (a->fiscal_year() != fy_.label()) continue;
      if (latest != nullptr && !included.count(a->adjustment_id())) continue;
      AdjustmentSide side = a->side() == fv1::SIDE_COSTS      ? AdjustmentSide::kCosts
                            : a->side() == fv1::SIDE_REVENUES ? AdjustmentSide::kRevenues
                            : a->side() == fv1::SIDE_INVESTMENT_SPENDING
                                ? AdjustmentSide::kInvestmentSpending
                                : AdjustmentSide::kInvestmentIncome;
      in_.adjustments.push_back({.id = a->adjustment_id(),
                                 .unit_id = a->unit_id(),
                                 .project_id = a->project_id(),
                                 .side = side,
                                 .amount_ore = a->amount_ore(),
                                 .reason = a->reason()});
    }
    return absl::OkStatus();
  }

  // "<offset> <event id>" as the projection keeps ledger positions.
  static bool ParseMark(const std::string& value, int64_t* offset, std::string* event_id) {
    size_t space = value.find(' ');
    if (space == std::string::npos || !absl::SimpleAtoi(value.substr(0, space), offset))
      return false;
    *event_id = value.substr(space + 1);
    return true;
  }

  // What of the ledger the report's own figures rest on.
  absl::Status ReportLedger(ForecastSource* source) {
    auto mark = db_.Get(LedgerPositionKey(org_));
    if (!mark.ok()) return mark.status();
    int64_t offset = 0;
    if (mark->has_value() && !ParseMark(**mark, &offset, &source->report_ledger_event_id)) {
      return absl::DataLossError(StrCat("reporting projection: bad ledger position of ", org_));
    }
    return absl::OkStatus();
  }

  // Which forecast `f` is, and whether the ledger the report rests on has a change of its
  // inputs it does not reflect: a change of its fiscal year's, an earlier year's or every
  // year's inputs at or after its ledger_offset (docs/events.md).
  absl::Status Source(const fv1::ForecastPublished& f, ForecastSource* source) {
    source->published = true;
    source->as_of = period::FromProto(f.as_of());
    source->trigger = f.trigger();
    auto meta = db_.Get(ForecastPublicationKey(org_, source->as_of));
    if (!meta.ok()) return meta.status();
    int64_t recorded_at = 0;
    if (meta->has_value() && !ParseMark(**meta, &recorded_at, &source->event_id)) {
      return absl::DataLossError(
          StrCat("reporting projection: bad forecast publication of ", org_));
    }
    source->published_at = FormatUtc(recorded_at);
    source->ledger_known = f.ledger_offset() > 0;
    if (!source->ledger_known) return absl::OkStatus();
    source->ledger_event_id = f.ledger_event_id();
    auto changes = ScanAll(db_, StrCat("lc/", org_, "/"));
    if (!changes.ok()) return changes.status();
    int64_t newest = -1;
    for (const auto& [year_key, value] : *changes) {
      int year = 0;
      int64_t offset = 0;
      std::string event_id;
      if (!absl::SimpleAtoi(year_key, &year) || !ParseMark(value, &offset, &event_id)) {
        return absl::DataLossError(
            StrCat("reporting projection: bad ledger change lc/", org_, "/", year_key));
      }
      if (year > f.fiscal_year() || offset < f.ledger_offset() || offset <= newest) continue;
      newest = offset;
      source->older_than_ledger = true;
      source->newer_ledger_event_id = event_id;
    }
    return absl::OkStatus();
  }

  absl::Status Goals() {
    std::string g = StrCat("g/", org_, "/");
    int year = period_.year;
    std::string as_of = MonthKey(year, period_.month);
    auto plan_bytes = db_.Get(StrCat(g, "plan/", board_, "/", year));
    if (!plan_bytes.ok()) return plan_bytes.status();
    std::string reporting_unit;
    if (plan_bytes->has_value()) {
      auto plan = ParseValue<gv1::PlanDefined>(**plan_bytes, "plan");
      if (!plan.ok()) return plan.status();
      reporting_unit = plan->reporting_unit_id();
      for (const gv1::Footnote& f : plan->footnotes())
        in_.indicator_footnotes.push_back({std::to_string(f.number()), f.text()});
    }
    // Goal tree: focus areas, municipal goals, board goals, each by position.
    auto goal_rows = ScanAll(db_, StrCat(g, "goal/", board_, "/", year, "/"));
    if (!goal_rows.ok()) return goal_rows.status();
    std::map<std::string, gv1::GoalDefined> goals;
    for (const auto& [id, bytes] : *goal_rows) {
      auto goal = ParseValue<gv1::GoalDefined>(bytes, "goal");
      if (!goal.ok()) return goal.status();
      goals[goal->goal_id()] = *goal;
    }
    auto parent = [&](const gv1::GoalDefined& x) -> const gv1::GoalDefined* {
      auto it = goals.find(x.parent_id());
      return it == goals.end() ? nullptr : &it->second;
    };
    std::vector<std::tuple<int, int, int, const gv1::GoalDefined*>> board_goals;
    for (const auto& [id, goal] : goals) {
      if (goal.level() != gv1::GOAL_LEVEL_BOARD_GOAL) continue;
      const gv1::GoalDefined* municipal = parent(goal);
      const gv1::GoalDefined* area = municipal ? parent(*municipal) : nullptr;
      board_goals.emplace_back(area ? area->position() : 0, municipal ? municipal->position() : 0,
                               goal.position(), &goal);
    }
    std::stable_sort(board_goals.begin(), board_goals.end(), [](const auto& a, const auto& b) {
      return std::make_tuple(std::get<0>(a), std::get<1>(a), std::get<2>(a)) <
             std::make_tuple(std::get<0>(b), std::get<1>(b), std::get<2>(b));
    });
    // The goals service's evaluation at the period (or the latest before it).
    auto evals = ScanAll(db_, StrCat(g, "eval/", board_, "/", year, "/"));
    if (!evals.ok()) return evals.status();
    std::map<std::string, std::string> eval_by_month(evals->begin(), evals->end());
    std::optional<gv1::EvaluationPublished> evaluation;
    if (const std::string* e = LatestUpTo(eval_by_month, as_of)) {
      auto parsed = ParseValue<gv1::EvaluationPublished>(*e, "evaluation");
      if (!parsed.ok()) return parsed.status();
      evaluation = *parsed;
    }
    for (const auto& [area_pos, municipal_pos, pos, goal] : board_goals) {
      const gv1::GoalDefined* municipal = parent(*goal);
      const gv1::GoalDefined* area = municipal ? parent(*municipal) : nullptr;
      GoalInput in{.id = goal->goal_id(),
                   .area = area ? area->name() : "",
                   .municipal_goal = municipal ? municipal->name() : "",
                   .name = goal->name()};
      auto assessments =
          ScanAll(db_, StrCat(g, "ass/", board_, "/", year, "/", goal->goal_id(), "/"));
      if (!assessments.ok()) return assessments.status();
      std::map<std::string, std::string> by_month(assessments->begin(), assessments->end());
      if (const std::string* bytes = LatestUpTo(by_month, as_of)) {
        auto a = ParseValue<gv1::AssessmentRecorded>(*bytes, "assessment");
        if (!a.ok()) return a.status();
        in.assessment = ToAssessment(a->assessment());
        in.rationale = a->rationale();
      }
      if (evaluation) in.check = CheckOf(*evaluation, goal->goal_id());
      in_.goals.push_back(std::move(in));
    }
    // Indicator columns: the two years before and the period followed up.
    in_.indicator_periods = {
        {std::to_string(year - 2), std::to_string(year - 2), ColumnKind::kNumber},
        {std::to_string(year - 1), std::to_string(year - 1), ColumnKind::kNumber},
        {as_of,
         StrCat(std::string(1, static_cast<char>(period::MonthName(period_.month)[0] - 32)),
                period::MonthName(period_.month).substr(1), " ", year),
         ColumnKind::kNumber}};
    auto indicators = ScanAll(db_, StrCat(g, "ind/", board_, "/", year, "/"));
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
      auto target = db_.Get(StrCat(g, "tgt/", board_, "/", year, "/", d.indicator_id(), "/"));
      if (!target.ok()) return target.status();
      if (target->has_value()) {
        auto t = ParseValue<gv1::TargetSet>(**target, "target");
        if (!t.ok()) return t.status();
        ind.target = ToTarget(t->target());
        if (!t->target().footnotes().empty())
          ind.target_footnote = std::to_string(t->target().footnotes(0));
      }
      // The total row, then the breakdown rows in the plan's order.
      for (const gv1::BreakdownRow& b : d.breakdowns())
        ind.breakdowns.push_back({.id = b.id(), .label = b.label()});
      for (size_t i = 0; i <= ind.breakdowns.size(); ++i) {
        std::string breakdown = i == 0 ? "" : ind.breakdowns[i - 1].id;
        std::map<std::string, IndicatorValue>* values =
            i == 0 ? &ind.values : &ind.breakdowns[i - 1].values;
        if (!breakdown.empty()) {
          auto bt =
              db_.Get(StrCat(g, "tgt/", board_, "/", year, "/", d.indicator_id(), "/", breakdown));
          if (!bt.ok()) return bt.status();
          if (bt->has_value()) {
            auto t = ParseValue<gv1::TargetSet>(**bt, "target");
            if (!t.ok()) return t.status();
            ind.breakdowns[i - 1].target = ToTarget(t->target()).printed;
          }
        }
        for (const Column& c : in_.indicator_periods) {
          std::string key = c.id.size() == 4 ? StrCat(c.id, "-00") : c.id;
          auto v =
              db_.Get(StrCat(g, "val/", board_, "/", d.indicator_id(), "/", breakdown, "/", key));
          if (!v.ok()) return v.status();
          if (!v->has_value()) continue;
          auto recorded = ParseValue<gv1::IndicatorValueRecorded>(**v, "indicator value");
          if (!recorded.ok()) return recorded.status();
          (*values)[c.id] = ToValue(recorded->value());
        }
      }
      if (evaluation) {
        for (const gv1::IndicatorEvaluation& e : evaluation->indicators()) {
          if (e.indicator_id() == d.indicator_id() && e.breakdown().empty())
            ind.status = ToStatus(e.status());
        }
      }
      in_.indicators.push_back(std::move(ind));
    }
    if (evaluation && evaluation->activities().total() > 0) {
      const gv1::ActivityCounts& a = evaluation->activities();
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
    }
    // Strategic assignments with their latest status.
    auto assignments = ScanAll(db_, StrCat(g, "asg/", board_, "/", year, "/"));
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
          ScanAll(db_, StrCat(g, "asgst/", board_, "/", year, "/", a.assignment_id(), "/"));
      if (!statuses.ok()) return statuses.status();
      std::map<std::string, std::string> by_month(statuses->begin(), statuses->end());
      if (const std::string* bytes = LatestUpTo(by_month, as_of)) {
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
    // Personnel figures of the unit that follows the plan up.
    std::string unit = reporting_unit;
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
      for (auto [month_key, slot] : {std::pair{MonthKey(year, period_.month), &p.current},
                                     std::pair{MonthKey(year - 1, period_.month), &p.prior}}) {
        auto v = db_.Get(StrCat(g, "pers/", unit, "/", static_cast<int>(measure), "/", month_key));
        if (!v.ok()) return v.status();
        if (!v->has_value()) continue;
        auto f = ParseValue<gv1::PersonnelFigureRecorded>(**v, "personnel figure");
        if (!f.ok()) return f.status();
        if (f->value().has_number()) *slot = money::DecimalFromProto(f->value().number());
        any = true;
      }
      auto t = db_.Get(StrCat(g, "perstgt/", unit, "/", static_cast<int>(measure), "/", year));
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

  absl::Status Narratives() {
    auto texts = ScanAll(
        db_, StrCat("n/", org_, "/", board_, "/", MonthKey(period_.year, period_.month), "/"));
    if (!texts.ok()) return texts.status();
    for (auto& [section, markdown] : *texts) in_.narratives[section] = markdown;
    return absl::OkStatus();
  }

  const projection::Reader& db_;
  std::string org_;
  std::string board_;
  period::Period period_;
  period::FiscalYear fy_ = period::FiscalYear::Calendar(period_.year);
  BuildInput in_;
  std::map<std::string, size_t> projects_;
};

}  // namespace

absl::StatusOr<BuildInput> LoadInput(const projection::Reader& db, std::string_view organisation,
                                     std::string_view board, const period::Period& period) {
  return Loader(db, organisation, board, period).Run();
}

}  // namespace tertial::reporting
