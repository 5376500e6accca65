// The whole-plan YAML (services/goals/README.md, "The plan"): the plan itself and its goal
// tree with the nämndmål's assessments.

#include <map>
#include <utility>

#include "absl/strings/numbers.h"
#include "import/importers.h"
#include "import/plan_reader.h"
#include "tertial/base/ids.h"
#include "tertial/base/strings.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals {

void PlanReader::Read(std::string_view content) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(content));
  } catch (const YAML::Exception& e) {
    doc_.errors.push_back({file_, e.mark.line + 1, "", StrCat("not YAML: ", e.msg)});
    return;
  }
  try {
    ReadRoot(root);
  } catch (const YAML::Exception& e) {  // defensive: yaml-cpp throws on misuse
    doc_.errors.push_back({file_, e.mark.line + 1, "", StrCat("unreadable: ", e.msg)});
  }
}

void PlanReader::Add(pb::GoalsEvent event, const YAML::Node& node, std::string field) {
  doc_.proposals.push_back({std::move(event), Origin{file_, Line(node), std::move(field)}});
}

bool PlanReader::NewId(const std::string& kind, const std::string& id, const YAML::Node& node,
                       const std::string& field) {
  if (id.empty()) {
    Error(node, field, "an id is required");
    return false;
  }
  if (std::string problem = ids::Problem(id); !problem.empty()) {
    Error(node, field, IdProblem(id, problem));
    return false;
  }
  if (!ids_.insert({kind, id}).second) {
    Error(node, field, StrCat(kind, " '", id, "' is defined twice"));
    return false;
  }
  return true;
}

void PlanReader::ReadRoot(const YAML::Node& root) {
  Entries entries = Map(root, "",
                        {"organisation", "board", "year", "name", "reporting_unit", "period",
                         "footnotes", "focus_areas", "activities", "assignments", "personnel"});
  Fields by_key(entries.begin(), entries.end());
  auto required = [&](const std::string& key) -> const YAML::Node* {
    auto it = by_key.find(key);
    if (it == by_key.end()) {
      doc_.errors.push_back({file_, 1, key, "is required"});
      return nullptr;
    }
    return &it->second;
  };
  if (by_key.count("organisation")) doc_.organisation = Id(by_key["organisation"], "organisation");
  if (const YAML::Node* board = required("board")) doc_.board = Id(*board, "board");
  if (const YAML::Node* year = required("year")) doc_.year = Int(*year, "year");
  if (!doc_.errors.empty()) return;
  doc_.whole_plan = true;
  if (by_key.count("period")) {
    auto p = ParsePeriod(Text(by_key["period"], "period"));
    if (!p.ok()) {
      Error(by_key["period"], "period", std::string(p.status().message()));
    } else if (p->year() != doc_.year) {
      Error(by_key["period"], "period", StrCat("must lie in the plan's year ", doc_.year));
    } else {
      default_period_ = *p;
      has_default_period_ = true;
    }
  }
  pb::GoalsEvent plan;
  pb::PlanDefined* p = plan.mutable_plan_defined();
  p->set_board_unit_id(doc_.board);
  p->set_year(doc_.year);
  if (by_key.count("name")) p->set_name(Text(by_key["name"], "name"));
  if (by_key.count("reporting_unit")) {
    p->set_reporting_unit_id(Id(by_key["reporting_unit"], "reporting_unit"));
  }
  if (by_key.count("footnotes")) {
    for (const auto& [key, text] : Map(by_key["footnotes"], "footnotes", {})) {
      int number = 0;
      if (!absl::SimpleAtoi(ToAbsl(key), &number) || number <= 0) {
        Error(text, "footnotes", StrCat("'", key, "' is not a footnote number"));
        continue;
      }
      pb::Footnote* f = p->add_footnotes();
      f->set_number(number);
      f->set_text(Text(text, StrCat("footnotes.", key)));
    }
  }
  Add(plan, root, "plan");
  if (by_key.count("focus_areas")) ReadGoals(by_key["focus_areas"], "focus_areas", 0, "");
  for (auto& [event, node, field] : deferred_) Add(std::move(event), node, field);
  if (by_key.count("activities")) ReadActivities(by_key["activities"]);
  if (by_key.count("assignments")) ReadAssignments(by_key["assignments"]);
  if (by_key.count("personnel")) ReadPersonnel(by_key["personnel"]);
}

void PlanReader::ReadGoals(const YAML::Node& list, const std::string& field, int depth,
                           const std::string& parent) {
  static const pb::GoalLevel kLevels[] = {pb::GOAL_LEVEL_FOCUS_AREA, pb::GOAL_LEVEL_MUNICIPAL_GOAL,
                                          pb::GOAL_LEVEL_BOARD_GOAL};
  static const char* kChildren[] = {"municipal_goals", "board_goals", "indicators"};
  if (!list.IsSequence()) {
    Error(list, field, "expected a list of goals (- id: ...)");
    return;
  }
  int position = 0;
  for (const YAML::Node& node : list) {
    std::set<std::string> allowed = {"id", "name", "description", kChildren[depth]};
    if (depth == 2) {
      allowed.insert({"assessment", "rationale", "assessor", "assessments"});
    }
    Entries entries = Map(node, field, allowed);
    Fields by_key(entries.begin(), entries.end());
    std::string id = by_key.count("id") ? Text(by_key["id"], StrCat(field, ".id")) : "";
    if (!NewId("goal", id, node, StrCat(field, ".id"))) continue;
    std::string where = StrCat(field, "[", id, "]");
    pb::GoalsEvent event;
    pb::GoalDefined* g = event.mutable_goal_defined();
    g->set_board_unit_id(doc_.board);
    g->set_year(doc_.year);
    g->set_goal_id(id);
    g->set_level(kLevels[depth]);
    g->set_parent_id(parent);
    g->set_position(position++);
    if (by_key.count("name")) g->set_name(Text(by_key["name"], StrCat(where, ".name")));
    if (by_key.count("description")) {
      g->set_description(Text(by_key["description"], StrCat(where, ".description")));
    }
    Add(event, node, where);
    if (depth < 2) {
      if (by_key.count(kChildren[depth])) {
        ReadGoals(by_key[kChildren[depth]], StrCat(where, ".", kChildren[depth]), depth + 1, id);
      }
      continue;
    }
    if (by_key.count("indicators")) ReadIndicators(by_key["indicators"], where, id);
    ReadAssessments(by_key, where, id, node);
  }
}

void PlanReader::ReadAssessments(Fields& by_key, const std::string& where, const std::string& goal,
                                 const YAML::Node& node) {
  auto assessment = [&](const pb::ValuePeriod& period, const YAML::Node& value,
                        const YAML::Node* rationale, const YAML::Node* assessor,
                        const std::string& field) {
    pb::GoalsEvent event;
    pb::AssessmentRecorded* a = event.mutable_assessment_recorded();
    a->set_board_unit_id(doc_.board);
    a->set_year(doc_.year);
    a->set_goal_id(goal);
    *a->mutable_period() = period;
    auto parsed = ParseAssessment(Text(value, field));
    if (!parsed.ok()) {
      Error(value, field, std::string(parsed.status().message()));
      return;
    }
    a->set_assessment(*parsed);
    if (rationale != nullptr) a->set_rationale(Text(*rationale, StrCat(field, ".rationale")));
    if (assessor != nullptr) a->set_assessor(Text(*assessor, StrCat(field, ".assessor")));
    deferred_.push_back({std::move(event), value, field});
  };
  if (by_key.count("assessment")) {
    if (!has_default_period_) {
      Error(by_key["assessment"], StrCat(where, ".assessment"),
            "needs the plan's `period` (or use assessments: {2021-08: ...})");
    } else {
      assessment(default_period_, by_key["assessment"],
                 by_key.count("rationale") ? &by_key["rationale"] : nullptr,
                 by_key.count("assessor") ? &by_key["assessor"] : nullptr,
                 StrCat(where, ".assessment"));
    }
  } else if (by_key.count("rationale") || by_key.count("assessor")) {
    Error(node, where, "rationale and assessor go with an assessment");
  }
  if (by_key.count("assessments")) {
    for (auto& [period, value] : PeriodMap(by_key["assessments"], StrCat(where, ".assessments"))) {
      std::string field = StrCat(where, ".assessments.", FormatPeriod(period));
      if (value.IsScalar()) {
        assessment(period, value, nullptr, nullptr, field);
        continue;
      }
      Entries e = Map(value, field, {"assessment", "rationale", "assessor"});
      Fields m(e.begin(), e.end());
      if (!m.count("assessment")) {
        Error(value, field,
              "the assessment is missing (uppfylls, delvis, uppfylls ej, kan ej bedömas)");
        continue;
      }
      assessment(period, m["assessment"], m.count("rationale") ? &m["rationale"] : nullptr,
                 m.count("assessor") ? &m["assessor"] : nullptr, field);
    }
  }
}
ImportDocument ParsePlanYaml(std::string_view file, std::string_view content) {
  ImportDocument doc;
  PlanReader(file, doc).Read(content);
  return doc;
}

}  // namespace tertial::goals
