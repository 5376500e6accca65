#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "section_builder.h"
#include "tertial/base/strings.h"
#include "validate.h"

namespace tertial::reporting {

using chart::UnitKind;
using chart::UnitNode;

namespace {

Cell ValueCell(const IndicatorValue& v) {
  Cell c;
  if (v.empty) {
    c = Cell::Empty();
  } else if (!v.text.empty()) {
    c = Cell::Text(v.text);
  } else if (v.value) {
    c = Cell::Number(*v.value, v.remark);
  } else {
    c = Cell::NoData(v.remark);
  }
  c.set_footnote(v.footnote);
  return c;
}

}  // namespace

Table SectionBuilder::GoalsTable() const {
  Table t{.id = "goals",
          .kind = TableKind::kGoals,
          .title = StrCat("Målredovisning per nämndmål, prognos helår ", r_.fiscal_year_name),
          .unit_label = "",
          .columns = {{"municipal_goal", "Kommunövergripande mål", ColumnKind::kText},
                      {"goal", "Nämndmål", ColumnKind::kText},
                      {"assessment", "Bedömning", ColumnKind::kText}}};
  for (const GoalInput& g : in_.goals) {
    Row r{.id = StrCat("goal:", g.id),
          .label = g.name,
          .kind = RowKind::kItem,
          .group = g.area,
          .assessment = g.assessment,
          .rationale = g.rationale,
          .goal_area = g.area,
          .municipal_goal = g.municipal_goal,
          .assessment_check = g.check};
    r.cells = {Cell::Text(g.municipal_goal), Cell::Text(g.name),
               Cell::Text(std::string(AssessmentLabel(g.assessment)))};
    t.rows.push_back(std::move(r));
  }
  t.notes.push_back(
      "Grönt: uppfylls per helår. Gult: uppfylls delvis. Rött: uppfylls ej. Grått: kan ej "
      "bedömas.");
  return t;
}

std::vector<Table> SectionBuilder::IndicatorTables() const {
  std::vector<Table> out;
  std::map<std::string, const GoalInput*> goals;
  for (const GoalInput& g : in_.goals) goals[g.id] = &g;
  std::vector<std::pair<std::string, std::string>> order;  // (area, municipal goal)
  for (const GoalInput& g : in_.goals) {
    std::pair<std::string, std::string> key{g.area, g.municipal_goal};
    if (std::find(order.begin(), order.end(), key) == order.end()) order.push_back(key);
  }
  int number = 0;
  for (const auto& [area, municipal] : order) {
    Table t{.id = StrCat("indicators_", ++number),
            .kind = TableKind::kIndicators,
            .title = StrCat("Målområde ", area, " – ", municipal),
            .unit_label = ""};
    t.columns.push_back({"goal", "Nämndmål", ColumnKind::kText});
    for (const Column& c : in_.indicator_periods) {
      t.columns.push_back({c.id, c.label, ColumnKind::kNumber});
    }
    t.columns.push_back({"target", "Målvärde", ColumnKind::kText});
    t.columns.push_back({"status", "Status", ColumnKind::kText});
    std::set<std::string> marks;
    for (const GoalInput& g : in_.goals) {
      if (g.area != area || g.municipal_goal != municipal) continue;
      for (const IndicatorInput& ind : in_.indicators) {
        if (ind.goal_id != g.id) continue;
        Row r{.id = StrCat("indicator:", ind.id),
              .label = ind.name,
              .kind = RowKind::kIndicator,
              .group = g.name,
              .mark = ind.mark,
              .footnote = ind.footnote,
              .goal_id = StrCat("goal:", g.id),
              .target = ind.target};
        r.cells.push_back(Cell::Text(g.name));
        std::optional<Decimal> latest, baseline;
        for (const Column& c : in_.indicator_periods) {
          auto it = ind.values.find(c.id);
          IndicatorValue v = it == ind.values.end() ? IndicatorValue{.empty = true} : it->second;
          r.cells.push_back(ValueCell(v));
          if (!v.footnote.empty()) marks.insert(v.footnote);
        }
        Cell target = ind.target.kind == Target::Kind::kNone && ind.target.printed.empty()
                          ? Cell::Empty()
                          : Cell::Text(ind.target.printed);
        target.set_footnote(ind.target_footnote);
        if (!ind.target_footnote.empty()) marks.insert(ind.target_footnote);
        if (!ind.footnote.empty()) marks.insert(ind.footnote);
        r.cells.push_back(target);
        r.status = ind.status ? *ind.status : ComputeStatus(t, r);
        r.status_from_goals = ind.status.has_value();
        r.cells.push_back(Cell::Text(std::string(IndicatorStatusLabel(r.status))));
        std::string parent = r.id;
        t.rows.push_back(std::move(r));
        for (const IndicatorBreakdown& b : ind.breakdowns) {
          bool gender = b.id == "women" || b.id == "men";
          Row gr{.id = StrCat(parent, "/", b.id),
                 .label = b.id == "women" ? "Kvinnor"
                          : b.id == "men" ? "Män"
                                          : b.label,
                 .kind = gender ? RowKind::kGender : RowKind::kBreakdown,
                 .parent = parent,
                 .group = g.name};
          gr.cells.push_back(Cell::Text(g.name));
          for (const Column& c : in_.indicator_periods) {
            auto it = b.values.find(c.id);
            IndicatorValue v = it == b.values.end() ? IndicatorValue{.empty = true} : it->second;
            gr.cells.push_back(ValueCell(v));
            if (!v.footnote.empty()) marks.insert(v.footnote);
          }
          gr.cells.push_back(b.target.empty() ? Cell::Empty() : Cell::Text(b.target));
          gr.cells.push_back(Cell::Empty());
          t.rows.push_back(std::move(gr));
        }
      }
    }
    bool whole = false;
    for (const Row& row : t.rows) whole = whole || row.mark == "*";
    if (whole) t.notes.push_back("* Avser kommunen totalt.");
    for (const Footnote& f : in_.indicator_footnotes) {
      if (marks.count(f.mark)) t.footnotes.push_back(f);
    }
    if (!t.rows.empty()) out.push_back(std::move(t));
  }
  return out;
}

}  // namespace tertial::reporting
