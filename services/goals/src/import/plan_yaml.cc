// The whole-plan YAML (services/goals/README.md, "The plan").

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/numbers.h"
#include "import/importers.h"
#include "tertial/base/ids.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals {
namespace {

class PlanReader {
 public:
  PlanReader(std::string_view file, ImportDocument& doc) : file_(file), doc_(doc) {}

  void Read(std::string_view content) {
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

 private:
  using Entries = std::vector<std::pair<std::string, YAML::Node>>;

  int Line(const YAML::Node& node) const { return node.Mark().line + 1; }

  void Error(const YAML::Node& node, std::string field, std::string message) {
    doc_.errors.push_back({file_, Line(node), std::move(field), std::move(message)});
  }

  // A mapping's entries in file order; unknown and repeated keys are errors.
  Entries Map(const YAML::Node& node, const std::string& field,
              const std::set<std::string>& allowed) {
    Entries out;
    if (!node.IsMap()) {
      Error(node, field, "expected a mapping (key: value lines)");
      return out;
    }
    std::set<std::string> seen;
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (!it->first.IsScalar()) {
        Error(it->first, field, "expected a plain key");
        continue;
      }
      std::string key = it->first.Scalar();
      std::string where = field.empty() ? key : StrCat(field, ".", key);
      if (!seen.insert(key).second) {
        Error(it->first, where, "appears twice");
        continue;
      }
      if (!allowed.empty() && !allowed.count(key)) {
        std::string expected;
        for (const std::string& a : allowed) StrAppend(&expected, expected.empty() ? "" : ", ", a);
        Error(it->first, where, StrCat("unknown key; expected one of ", expected));
        continue;
      }
      out.emplace_back(key, it->second);
    }
    return out;
  }

  // Periods as keys: "2021-08: ...".
  std::vector<std::pair<pb::ValuePeriod, YAML::Node>> PeriodMap(const YAML::Node& node,
                                                                const std::string& field) {
    std::vector<std::pair<pb::ValuePeriod, YAML::Node>> out;
    if (!node.IsMap()) {
      Error(node, field, "expected periods as keys (2021-08: ..., 2020: ...)");
      return out;
    }
    std::set<std::pair<int, int>> seen;
    for (auto it = node.begin(); it != node.end(); ++it) {
      std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
      auto period = ParsePeriod(key);
      if (!period.ok()) {
        Error(it->first, field, std::string(period.status().message()));
        continue;
      }
      if (!seen.insert({period->year(), period->month()}).second) {
        Error(it->first, StrCat(field, ".", key), "appears twice");
        continue;
      }
      out.emplace_back(*period, it->second);
    }
    return out;
  }

  std::string Text(const YAML::Node& node, const std::string& field, bool required = true) {
    if (node.IsScalar()) return node.Scalar();
    if (node.IsNull() && !required) return "";
    Error(node, field, "expected text");
    return "";
  }

  // A unit, board or organisation id (tertial/base/ids.h); "" after an error.
  std::string Id(const YAML::Node& node, const std::string& field) {
    std::string id = Text(node, field);
    if (std::string problem = ids::Problem(id); !id.empty() && !problem.empty()) {
      Error(node, field, IdProblem(id, problem));
      return "";
    }
    return id;
  }

  static std::string IdProblem(std::string_view id, std::string_view problem) {
    return StrCat("'", ValidUtf8(id), "' is not an id: ", problem, "; expected ", ids::Expected());
  }

  int Int(const YAML::Node& node, const std::string& field) {
    std::string text = Text(node, field);
    int value = 0;
    if (text.empty() || !absl::SimpleAtoi(ToAbsl(text), &value)) {
      if (!text.empty()) Error(node, field, StrCat("'", text, "' is not a whole number"));
      return 0;
    }
    return value;
  }

  bool Bool(const YAML::Node& node, const std::string& field) {
    std::string text = Fold(Text(node, field));
    if (text == "true" || text == "yes" || text == "ja") return true;
    if (text == "false" || text == "no" || text == "nej") return false;
    Error(node, field, "expected true or false");
    return false;
  }

  std::vector<std::string> List(const YAML::Node& node, const std::string& field) {
    std::vector<std::string> out;
    if (node.IsScalar()) {
      out.push_back(node.Scalar());
    } else if (node.IsSequence()) {
      for (const YAML::Node& item : node) out.push_back(Text(item, field));
    } else {
      Error(node, field, "expected a list ([a, b])");
    }
    return out;
  }

  std::vector<int> Footnotes(const YAML::Node& node, const std::string& field) {
    std::vector<int> out;
    for (const std::string& text : List(node, field)) {
      int n = 0;
      if (!absl::SimpleAtoi(ToAbsl(text), &n) || n <= 0) {
        Error(node, field, StrCat("'", text, "' is not a footnote number"));
      } else {
        out.push_back(n);
      }
    }
    return out;
  }

  void Add(pb::GoalsEvent event, const YAML::Node& node, std::string field) {
    doc_.proposals.push_back({std::move(event), Origin{file_, Line(node), std::move(field)}});
  }

  bool NewId(const std::string& kind, const std::string& id, const YAML::Node& node,
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

  void ReadRoot(const YAML::Node& root) {
    Entries entries = Map(root, "",
                          {"organisation", "board", "year", "name", "reporting_unit", "period",
                           "footnotes", "focus_areas", "activities", "assignments", "personnel"});
    std::map<std::string, YAML::Node> by_key(entries.begin(), entries.end());
    auto required = [&](const std::string& key) -> const YAML::Node* {
      auto it = by_key.find(key);
      if (it == by_key.end()) {
        doc_.errors.push_back({file_, 1, key, "is required"});
        return nullptr;
      }
      return &it->second;
    };
    if (by_key.count("organisation"))
      doc_.organisation = Id(by_key["organisation"], "organisation");
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

  // depth 0: focus areas, 1: municipal goals, 2: board goals.
  void ReadGoals(const YAML::Node& list, const std::string& field, int depth,
                 const std::string& parent) {
    static const pb::GoalLevel kLevels[] = {
        pb::GOAL_LEVEL_FOCUS_AREA, pb::GOAL_LEVEL_MUNICIPAL_GOAL, pb::GOAL_LEVEL_BOARD_GOAL};
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
      std::map<std::string, YAML::Node> by_key(entries.begin(), entries.end());
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

  void ReadAssessments(std::map<std::string, YAML::Node>& by_key, const std::string& where,
                       const std::string& goal, const YAML::Node& node) {
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
      for (auto& [period, value] :
           PeriodMap(by_key["assessments"], StrCat(where, ".assessments"))) {
        std::string field = StrCat(where, ".assessments.", FormatPeriod(period));
        if (value.IsScalar()) {
          assessment(period, value, nullptr, nullptr, field);
          continue;
        }
        Entries e = Map(value, field, {"assessment", "rationale", "assessor"});
        std::map<std::string, YAML::Node> m(e.begin(), e.end());
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

  void ReadIndicators(const YAML::Node& list, const std::string& goal_where,
                      const std::string& goal) {
    std::string field = StrCat(goal_where, ".indicators");
    if (!list.IsSequence()) {
      Error(list, field, "expected a list of indicators (- id: ...)");
      return;
    }
    int position = 0;
    for (const YAML::Node& node : list) {
      Entries entries = Map(node, field,
                            {"id", "name", "unit", "better", "scope", "source", "footnotes",
                             "kolada", "derived", "target", "values", "rows"});
      std::map<std::string, YAML::Node> by_key(entries.begin(), entries.end());
      std::string id = by_key.count("id") ? Text(by_key["id"], StrCat(field, ".id")) : "";
      if (!NewId("indicator", id, node, StrCat(field, ".id"))) continue;
      std::string where = StrCat("indicator[", id, "]");
      pb::GoalsEvent event;
      pb::IndicatorDefined* i = event.mutable_indicator_defined();
      i->set_board_unit_id(doc_.board);
      i->set_year(doc_.year);
      i->set_indicator_id(id);
      i->set_goal_id(goal);
      i->set_position(position++);
      if (by_key.count("name")) i->set_name(Text(by_key["name"], StrCat(where, ".name")));
      if (by_key.count("unit")) i->set_unit(Text(by_key["unit"], StrCat(where, ".unit"), false));
      if (by_key.count("scope")) i->set_scope(Text(by_key["scope"], StrCat(where, ".scope")));
      if (by_key.count("source"))
        i->set_source_note(Text(by_key["source"], StrCat(where, ".source")));
      if (by_key.count("kolada"))
        i->set_kolada_kpi(Text(by_key["kolada"], StrCat(where, ".kolada")));
      if (by_key.count("footnotes")) {
        for (int n : Footnotes(by_key["footnotes"], StrCat(where, ".footnotes")))
          i->add_footnotes(n);
      }
      if (by_key.count("better")) {
        auto polarity = ParsePolarity(Text(by_key["better"], StrCat(where, ".better")));
        if (!polarity.ok()) {
          Error(by_key["better"], StrCat(where, ".better"),
                std::string(polarity.status().message()));
        } else {
          i->set_polarity(*polarity);
        }
      }
      if (by_key.count("derived")) {
        std::string f = StrCat(where, ".derived");
        Entries d = Map(by_key["derived"], f, {"kind", "unit", "from_year"});
        std::map<std::string, YAML::Node> m(d.begin(), d.end());
        pb::Derivation* derivation = i->mutable_derivation();
        if (m.count("kind")) {
          auto kind = ParseDerivedKind(Text(m["kind"], StrCat(f, ".kind")));
          if (!kind.ok()) {
            Error(m["kind"], StrCat(f, ".kind"), std::string(kind.status().message()));
          } else {
            derivation->set_kind(*kind);
          }
        }
        if (m.count("unit")) derivation->set_unit_id(Id(m["unit"], StrCat(f, ".unit")));
        if (m.count("from_year"))
          derivation->set_from_year(Int(m["from_year"], StrCat(f, ".from_year")));
      }
      // Rows: the definition lists them; their targets and values follow.
      std::vector<std::pair<std::string, std::map<std::string, YAML::Node>>> rows;
      if (by_key.count("rows")) {
        const YAML::Node& list_of_rows = by_key["rows"];
        if (!list_of_rows.IsSequence()) {
          Error(list_of_rows, StrCat(where, ".rows"), "expected a list of rows (- id: men ...)");
        } else {
          for (const YAML::Node& row : list_of_rows) {
            Entries r = Map(row, StrCat(where, ".rows"), {"id", "label", "target", "values"});
            std::map<std::string, YAML::Node> m(r.begin(), r.end());
            std::string row_id =
                m.count("id") ? BreakdownId(Text(m["id"], StrCat(where, ".rows.id"))) : "";
            if (row_id.empty()) {
              Error(row, StrCat(where, ".rows"), "a row needs an id (men, women or your own)");
              continue;
            }
            pb::BreakdownRow* b = i->add_breakdowns();
            b->set_id(row_id);
            std::string label = row_id == "men" ? "män" : row_id == "women" ? "kvinnor" : row_id;
            if (m.count("label")) label = Text(m["label"], StrCat(where, ".rows.label"));
            b->set_label(label);
            rows.emplace_back(row_id, std::move(m));
          }
        }
      }
      Add(event, node, where);
      pb::Polarity polarity = i->polarity();
      ReadRow(by_key, id, "", polarity, i->has_derivation() ? &i->derivation() : nullptr, where);
      for (auto& [row_id, m] : rows) {
        ReadRow(m, id, row_id, polarity, nullptr, StrCat(where, ".rows[", row_id, "]"));
      }
    }
  }

  // The target and values of one row.
  void ReadRow(std::map<std::string, YAML::Node>& by_key, const std::string& indicator,
               const std::string& breakdown, pb::Polarity polarity,
               const pb::Derivation* derivation, const std::string& where) {
    if (by_key.count("target")) {
      std::string field = StrCat(where, ".target");
      const YAML::Node& node = by_key["target"];
      absl::StatusOr<pb::Target> target = absl::InvalidArgumentError("");
      if (node.IsMap()) {
        Entries t = Map(node, field, {"expr", "printed", "baseline"});
        std::map<std::string, YAML::Node> m(t.begin(), t.end());
        if (!m.count("expr")) {
          Error(node, field, "expr is required (< 23, öka, –, ...)");
          return;
        }
        target = ParseTarget(Text(m["expr"], StrCat(field, ".expr")), polarity);
        if (target.ok() && m.count("printed"))
          target->set_printed(Text(m["printed"], StrCat(field, ".printed")));
        if (target.ok() && m.count("baseline")) {
          auto baseline = ParsePeriod(Text(m["baseline"], StrCat(field, ".baseline")));
          if (!target->has_direction()) {
            Error(m["baseline"], StrCat(field, ".baseline"), "only öka/minska have a baseline");
          } else if (!baseline.ok()) {
            Error(m["baseline"], StrCat(field, ".baseline"),
                  std::string(baseline.status().message()));
          } else {
            *target->mutable_direction()->mutable_baseline() = *baseline;
          }
        }
      } else {
        target = ParseTarget(Text(node, field), polarity);
      }
      if (!target.ok()) {
        Error(node, field, std::string(target.status().message()));
      } else {
        pb::GoalsEvent event;
        pb::TargetSet* t = event.mutable_target_set();
        t->set_board_unit_id(doc_.board);
        t->set_year(doc_.year);
        t->set_indicator_id(indicator);
        t->set_breakdown(breakdown);
        *t->mutable_target() = *target;
        Add(std::move(event), node, field);
      }
    }
    if (!by_key.count("values")) return;
    for (auto& [period, cell] : PeriodMap(by_key["values"], StrCat(where, ".values"))) {
      std::string field = StrCat(where, ".values.", FormatPeriod(period));
      if (derivation != nullptr && period.year() >= derivation->from_year()) {
        Error(cell, field,
              StrCat("derived from the ledger from ", derivation->from_year(),
                     "; type only earlier years (history), or move from_year"));
        continue;
      }
      auto value = Cell(cell, field);
      if (!value) continue;
      pb::GoalsEvent event;
      pb::IndicatorValueRecorded* v = event.mutable_indicator_value_recorded();
      v->set_board_unit_id(doc_.board);
      v->set_indicator_id(indicator);
      v->set_breakdown(breakdown);
      *v->mutable_period() = period;
      *v->mutable_value() = *value;
      v->set_source(pb::VALUE_SOURCE_PLAN);
      v->set_source_ref(StrCat(file_, ":", Line(cell)));
      Add(std::move(event), cell, field);
    }
  }

  // A value cell: "2,40", "I.U. (genomförs hösten 2021)", or a mapping
  // {value|no_data, printed, note, year, footnotes}.
  std::optional<pb::IndicatorValue> Cell(const YAML::Node& cell, const std::string& field) {
    if (cell.IsScalar()) {
      auto value = ParseValue(cell.Scalar());
      if (!value.ok()) {
        Error(cell, field, std::string(value.status().message()));
        return std::nullopt;
      }
      return *value;
    }
    if (cell.IsNull()) {
      Error(cell, field, "empty; write I.U. for no data, or leave the period out");
      return std::nullopt;
    }
    Entries e = Map(cell, field, {"value", "no_data", "printed", "note", "year", "footnotes"});
    std::map<std::string, YAML::Node> m(e.begin(), e.end());
    pb::IndicatorValue value;
    if (m.count("value") == m.count("no_data")) {
      Error(cell, field, "give either value: or no_data: (not_available, pending, discontinued)");
      return std::nullopt;
    }
    if (m.count("value")) {
      auto parsed = ParseValue(Text(m["value"], StrCat(field, ".value")));
      if (!parsed.ok()) {
        Error(m["value"], StrCat(field, ".value"), std::string(parsed.status().message()));
        return std::nullopt;
      }
      value = *parsed;
    } else {
      auto reason = ParseNoDataReason(Text(m["no_data"], StrCat(field, ".no_data")));
      if (!reason.ok()) {
        Error(m["no_data"], StrCat(field, ".no_data"), std::string(reason.status().message()));
        return std::nullopt;
      }
      value.mutable_no_data()->set_reason(*reason);
      value.set_printed("I.U.");
    }
    if (m.count("printed")) value.set_printed(Text(m["printed"], StrCat(field, ".printed")));
    if (m.count("note")) value.set_note(Text(m["note"], StrCat(field, ".note")));
    if (m.count("year")) value.set_measured_year(Int(m["year"], StrCat(field, ".year")));
    if (m.count("footnotes")) {
      for (int n : Footnotes(m["footnotes"], StrCat(field, ".footnotes"))) value.add_footnotes(n);
    }
    return value;
  }

  // Statuses of an activity or assignment: the shorthand (status: ... at the plan's
  // period) or statuses: {period: status | {status, ...}}.
  template <typename Fn>
  void ReadStatuses(std::map<std::string, YAML::Node>& by_key, const std::string& where,
                    const std::set<std::string>& extra, Fn&& add) {
    if (by_key.count("status")) {
      if (!has_default_period_) {
        Error(by_key["status"], StrCat(where, ".status"),
              "needs the plan's `period` (or use statuses: {2021-08: ...})");
      } else {
        add(default_period_, by_key, StrCat(where, ".status"), by_key["status"]);
      }
    } else {
      for (const std::string& key : extra) {
        if (by_key.count(key)) Error(by_key[key], StrCat(where, ".", key), "goes with a status");
      }
    }
    if (!by_key.count("statuses")) return;
    for (auto& [period, value] : PeriodMap(by_key["statuses"], StrCat(where, ".statuses"))) {
      std::string field = StrCat(where, ".statuses.", FormatPeriod(period));
      std::map<std::string, YAML::Node> m;
      if (value.IsScalar()) {
        m["status"] = value;
      } else {
        std::set<std::string> allowed = extra;
        allowed.insert("status");
        Entries e = Map(value, field, allowed);
        m = std::map<std::string, YAML::Node>(e.begin(), e.end());
      }
      if (!m.count("status")) {
        Error(value, field, "the status is missing");
        continue;
      }
      add(period, m, field, m["status"]);
    }
  }

  void ReadActivities(const YAML::Node& list) {
    if (!list.IsSequence()) {
      Error(list, "activities", "expected a list of activities (- id: ...)");
      return;
    }
    int position = 0;
    for (const YAML::Node& node : list) {
      Entries entries = Map(node, "activities",
                            {"id", "name", "goals", "unit", "description", "status", "postponed_to",
                             "comment", "statuses"});
      std::map<std::string, YAML::Node> by_key(entries.begin(), entries.end());
      std::string id = by_key.count("id") ? Text(by_key["id"], "activities.id") : "";
      if (!NewId("activity", id, node, "activities.id")) continue;
      std::string where = StrCat("activity[", id, "]");
      pb::GoalsEvent event;
      pb::ActivityDefined* a = event.mutable_activity_defined();
      a->set_board_unit_id(doc_.board);
      a->set_year(doc_.year);
      a->set_activity_id(id);
      a->set_position(position++);
      if (by_key.count("name")) a->set_name(Text(by_key["name"], StrCat(where, ".name")));
      if (by_key.count("goals")) {
        for (const std::string& g : List(by_key["goals"], StrCat(where, ".goals")))
          a->add_goal_ids(g);
      }
      if (by_key.count("unit"))
        a->set_responsible_unit_id(Id(by_key["unit"], StrCat(where, ".unit")));
      if (by_key.count("description"))
        a->set_description(Text(by_key["description"], StrCat(where, ".description")));
      Add(event, node, where);
      ReadStatuses(
          by_key, where, {"postponed_to", "comment"},
          [&](const pb::ValuePeriod& period, std::map<std::string, YAML::Node>& m,
              const std::string& field, const YAML::Node& status_node) {
            auto status = ParseActivityStatus(Text(status_node, field));
            if (!status.ok()) {
              Error(status_node, field, std::string(status.status().message()));
              return;
            }
            pb::GoalsEvent s;
            pb::ActivityStatusReported* r = s.mutable_activity_status_reported();
            r->set_board_unit_id(doc_.board);
            r->set_year(doc_.year);
            r->set_activity_id(id);
            *r->mutable_period() = period;
            r->set_status(*status);
            if (m.count("postponed_to")) {
              r->set_postponed_to_year(Int(m["postponed_to"], StrCat(where, ".postponed_to")));
            }
            if (m.count("comment")) r->set_comment(Text(m["comment"], StrCat(where, ".comment")));
            Add(std::move(s), status_node, field);
          });
    }
  }

  void ReadAssignments(const YAML::Node& list) {
    if (!list.IsSequence()) {
      Error(list, "assignments", "expected a list of assignments (- id: ...)");
      return;
    }
    int position = 0;
    for (const YAML::Node& node : list) {
      Entries entries = Map(node, "assignments",
                            {"id", "title", "responsible", "due", "goals", "status", "deviation",
                             "comment", "statuses"});
      std::map<std::string, YAML::Node> by_key(entries.begin(), entries.end());
      std::string id = by_key.count("id") ? Text(by_key["id"], "assignments.id") : "";
      if (!NewId("assignment", id, node, "assignments.id")) continue;
      std::string where = StrCat("assignment[", id, "]");
      pb::GoalsEvent event;
      pb::AssignmentDefined* a = event.mutable_assignment_defined();
      a->set_board_unit_id(doc_.board);
      a->set_year(doc_.year);
      a->set_assignment_id(id);
      a->set_position(position++);
      if (by_key.count("title")) a->set_title(Text(by_key["title"], StrCat(where, ".title")));
      if (by_key.count("responsible"))
        a->set_responsible(Text(by_key["responsible"], StrCat(where, ".responsible")));
      if (by_key.count("due")) a->set_due(Text(by_key["due"], StrCat(where, ".due")));
      if (by_key.count("goals")) {
        for (const std::string& g : List(by_key["goals"], StrCat(where, ".goals")))
          a->add_goal_ids(g);
      }
      Add(event, node, where);
      ReadStatuses(by_key, where, {"deviation", "comment"},
                   [&](const pb::ValuePeriod& period, std::map<std::string, YAML::Node>& m,
                       const std::string& field, const YAML::Node& status_node) {
                     auto status = ParseAssignmentStatus(Text(status_node, field));
                     if (!status.ok()) {
                       Error(status_node, field, std::string(status.status().message()));
                       return;
                     }
                     pb::GoalsEvent s;
                     pb::AssignmentStatusReported* r = s.mutable_assignment_status_reported();
                     r->set_board_unit_id(doc_.board);
                     r->set_year(doc_.year);
                     r->set_assignment_id(id);
                     *r->mutable_period() = period;
                     r->set_status(*status);
                     if (m.count("deviation"))
                       r->set_deviation(Bool(m["deviation"], StrCat(where, ".deviation")));
                     if (m.count("comment"))
                       r->set_comment(Text(m["comment"], StrCat(where, ".comment")));
                     Add(std::move(s), status_node, field);
                   });
    }
  }

  void ReadPersonnel(const YAML::Node& node) {
    Entries entries = Map(node, "personnel", {"unit", "measures"});
    std::map<std::string, YAML::Node> by_key(entries.begin(), entries.end());
    if (!by_key.count("unit") || !by_key.count("measures")) {
      Error(node, "personnel", "unit and measures are required");
      return;
    }
    std::string unit = Id(by_key["unit"], "personnel.unit");
    for (auto& [name, measure_node] :
         Map(by_key["measures"], "personnel.measures",
             {"permanent_employees", "sick_leave", "staff_turnover"})) {
      std::string where = StrCat("personnel.", name);
      pb::PersonnelMeasure measure = *ParsePersonnelMeasure(name);
      Entries e = Map(measure_node, where, {"target", "values", "better"});
      std::map<std::string, YAML::Node> m(e.begin(), e.end());
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

  struct Deferred {
    pb::GoalsEvent event;
    YAML::Node node;
    std::string field;
  };

  std::string file_;
  ImportDocument& doc_;
  std::set<std::pair<std::string, std::string>> ids_;
  pb::ValuePeriod default_period_;
  bool has_default_period_ = false;
  // Assessments follow every goal and indicator of the plan.
  std::vector<Deferred> deferred_;
};

}  // namespace

ImportDocument ParsePlanYaml(std::string_view file, std::string_view content) {
  ImportDocument doc;
  PlanReader(file, doc).Read(content);
  return doc;
}

}  // namespace tertial::goals
