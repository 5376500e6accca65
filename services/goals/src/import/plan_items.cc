// The plan's activities, assignments (with their statuses per period) and personnel
// figures (services/goals/README.md, "The plan").

#include <map>
#include <utility>

#include "import/plan_reader.h"
#include "tertial/base/strings.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals {
// What every status report of a plan item says besides its own fields: the plan's board
// and year, the period, the status and the comment.
template <typename Report, typename Status>
void PlanReader::CompleteStatusReport(Report* report, const pb::ValuePeriod& period, Status status,
                                      Fields& m, const std::string& where) {
  report->set_board_unit_id(doc_.board);
  report->set_year(doc_.year);
  *report->mutable_period() = period;
  report->set_status(status);
  if (m.count("comment")) report->set_comment(Text(m["comment"], StrCat(where, ".comment")));
}

// Statuses of an activity or assignment: the shorthand (status: ... at the plan's
// period) or statuses: {period: status | {status, ...}}. Each status is read by `parse`
// (an error if it fails); `add(period, fields, status)` makes the report.
template <typename Parse, typename Fn>
void PlanReader::ReadStatuses(Fields& by_key, const std::string& where,
                              const std::set<std::string>& extra, Parse&& parse, Fn&& add) {
  auto read = [&](const pb::ValuePeriod& period, Fields& m, const std::string& field,
                  const YAML::Node& status_node) {
    auto status = parse(Text(status_node, field));
    if (!status.ok()) {
      Error(status_node, field, std::string(status.status().message()));
      return;
    }
    Add(add(period, m, *status), status_node, field);
  };
  if (by_key.count("status")) {
    if (!has_default_period_) {
      Error(by_key["status"], StrCat(where, ".status"),
            "needs the plan's `period` (or use statuses: {2021-08: ...})");
    } else {
      read(default_period_, by_key, StrCat(where, ".status"), by_key["status"]);
    }
  } else {
    for (const std::string& key : extra) {
      if (by_key.count(key)) Error(by_key[key], StrCat(where, ".", key), "goes with a status");
    }
  }
  if (!by_key.count("statuses")) return;
  for (auto& [period, value] : PeriodMap(by_key["statuses"], StrCat(where, ".statuses"))) {
    std::string field = StrCat(where, ".statuses.", FormatPeriod(period));
    Fields m;
    if (value.IsScalar()) {
      m["status"] = value;
    } else {
      std::set<std::string> allowed = extra;
      allowed.insert("status");
      Entries e = Map(value, field, allowed);
      m = Fields(e.begin(), e.end());
    }
    if (!m.count("status")) {
      Error(value, field, "the status is missing");
      continue;
    }
    read(period, m, field, m["status"]);
  }
}

void PlanReader::ReadGoalIds(Fields& by_key, const std::string& where,
                             google::protobuf::RepeatedPtrField<std::string>* goal_ids) {
  if (!by_key.count("goals")) return;
  for (const std::string& g : List(by_key["goals"], StrCat(where, ".goals"))) *goal_ids->Add() = g;
}

void PlanReader::ReadActivities(const YAML::Node& list) {
  ReadList(
      list, "activities", "activities", "activity",
      {"id", "name", "goals", "unit", "description", "status", "postponed_to", "comment",
       "statuses"},
      [&](const YAML::Node& node, Fields& by_key, const std::string& id, const std::string& where,
          int position) { ReadActivity(node, by_key, id, where, position); });
}

void PlanReader::ReadActivity(const YAML::Node& node, Fields& by_key, const std::string& id,
                              const std::string& where, int position) {
  pb::GoalsEvent event;
  pb::ActivityDefined* a = event.mutable_activity_defined();
  a->set_board_unit_id(doc_.board);
  a->set_year(doc_.year);
  a->set_activity_id(id);
  a->set_position(position);
  if (by_key.count("name")) a->set_name(Text(by_key["name"], StrCat(where, ".name")));
  ReadGoalIds(by_key, where, a->mutable_goal_ids());
  if (by_key.count("unit")) a->set_responsible_unit_id(Id(by_key["unit"], StrCat(where, ".unit")));
  if (by_key.count("description")) {
    a->set_description(Text(by_key["description"], StrCat(where, ".description")));
  }
  Add(event, node, where);
  ReadStatuses(by_key, where, {"postponed_to", "comment"}, ParseActivityStatus,
               [&](const pb::ValuePeriod& period, Fields& m, pb::ActivityStatus status) {
                 pb::GoalsEvent s;
                 pb::ActivityStatusReported* r = s.mutable_activity_status_reported();
                 r->set_activity_id(id);
                 if (m.count("postponed_to")) {
                   r->set_postponed_to_year(Int(m["postponed_to"], StrCat(where, ".postponed_to")));
                 }
                 CompleteStatusReport(r, period, status, m, where);
                 return s;
               });
}

void PlanReader::ReadAssignments(const YAML::Node& list) {
  ReadList(
      list, "assignments", "assignments", "assignment",
      {"id", "title", "responsible", "due", "goals", "status", "deviation", "comment", "statuses"},
      [&](const YAML::Node& node, Fields& by_key, const std::string& id, const std::string& where,
          int position) { ReadAssignment(node, by_key, id, where, position); });
}

void PlanReader::ReadAssignment(const YAML::Node& node, Fields& by_key, const std::string& id,
                                const std::string& where, int position) {
  pb::GoalsEvent event;
  pb::AssignmentDefined* a = event.mutable_assignment_defined();
  a->set_board_unit_id(doc_.board);
  a->set_year(doc_.year);
  a->set_assignment_id(id);
  a->set_position(position);
  if (by_key.count("title")) a->set_title(Text(by_key["title"], StrCat(where, ".title")));
  if (by_key.count("responsible")) {
    a->set_responsible(Text(by_key["responsible"], StrCat(where, ".responsible")));
  }
  if (by_key.count("due")) a->set_due(Text(by_key["due"], StrCat(where, ".due")));
  ReadGoalIds(by_key, where, a->mutable_goal_ids());
  Add(event, node, where);
  ReadStatuses(by_key, where, {"deviation", "comment"}, ParseAssignmentStatus,
               [&](const pb::ValuePeriod& period, Fields& m, pb::AssignmentStatus status) {
                 pb::GoalsEvent s;
                 pb::AssignmentStatusReported* r = s.mutable_assignment_status_reported();
                 r->set_assignment_id(id);
                 if (m.count("deviation")) {
                   r->set_deviation(Bool(m["deviation"], StrCat(where, ".deviation")));
                 }
                 CompleteStatusReport(r, period, status, m, where);
                 return s;
               });
}

void PlanReader::ReadPersonnel(const YAML::Node& node) {
  Entries entries = Map(node, "personnel", {"unit", "measures"});
  Fields by_key(entries.begin(), entries.end());
  if (!by_key.count("unit") || !by_key.count("measures")) {
    Error(node, "personnel", "unit and measures are required");
    return;
  }
  std::string unit = Id(by_key["unit"], "personnel.unit");
  for (auto& [name, measure_node] : Map(by_key["measures"], "personnel.measures",
                                        {"permanent_employees", "sick_leave", "staff_turnover"})) {
    std::string where = StrCat("personnel.", name);
    pb::PersonnelMeasure measure = *ParsePersonnelMeasure(name);
    Entries e = Map(measure_node, where, {"target", "values", "better"});
    Fields m(e.begin(), e.end());
    pb::Polarity polarity = measure == pb::PERSONNEL_MEASURE_PERMANENT_EMPLOYEES
                                ? pb::POLARITY_UNSPECIFIED
                                : pb::POLARITY_LOWER_IS_BETTER;
    if (m.count("better")) {
      auto p = ParsePolarity(Text(m["better"], StrCat(where, ".better")));
      if (p.ok())
        polarity = *p;
      else
        Error(m["better"], StrCat(where, ".better"), std::string(p.status().message()));
    }
    if (m.count("target")) {
      auto target = ParseTarget(Text(m["target"], StrCat(where, ".target")), polarity);
      if (!target.ok()) {
        Error(m["target"], StrCat(where, ".target"), std::string(target.status().message()));
      } else {
        pb::GoalsEvent event;
        pb::PersonnelTargetSet* t = event.mutable_personnel_target_set();
        t->set_unit_id(unit);
        t->set_measure(measure);
        t->set_year(doc_.year);
        *t->mutable_target() = *target;
        Add(std::move(event), m["target"], StrCat(where, ".target"));
      }
    }
    if (!m.count("values")) continue;
    for (auto& [period, cell] : PeriodMap(m["values"], StrCat(where, ".values"))) {
      std::string field = StrCat(where, ".values.", FormatPeriod(period));
      auto value = Cell(cell, field);
      if (!value) continue;
      pb::GoalsEvent event;
      pb::PersonnelFigureRecorded* f = event.mutable_personnel_figure_recorded();
      f->set_unit_id(unit);
      f->set_measure(measure);
      *f->mutable_period() = period;
      *f->mutable_value() = *value;
      f->set_source(pb::VALUE_SOURCE_PLAN);
      f->set_source_ref(StrCat(file_, ":", Line(cell)));
      Add(std::move(event), cell, field);
    }
  }
}
}  // namespace tertial::goals
