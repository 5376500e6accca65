#include "testing/seed_input.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "absl/status/status.h"
#include "domain/figures.h"
#include "tertial/base/strings.h"
#include "testing/sample_input.h"

namespace tertial::reporting::testing {
namespace {

std::string Strip(const std::string& id, std::string_view prefix) {
  return id.rfind(prefix, 0) == 0 ? id.substr(prefix.size()) : id;
}

IndicatorValue FromCell(const Cell& c) {
  IndicatorValue v{.footnote = c.footnote()};
  switch (c.state()) {
    case Cell::State::kDecimal:
      v.value = c.number();
      v.remark = c.text();
      break;
    case Cell::State::kNoData:
      v.remark = c.text();
      break;
    case Cell::State::kText:
      v.text = c.text();
      break;
    default:
      v.empty = true;
  }
  return v;
}

}  // namespace

absl::StatusOr<BuildInput> SeedInput(const std::string& seed_tables_path) {
  std::ifstream in(seed_tables_path);
  if (!in) return absl::NotFoundError(StrCat("cannot read ", seed_tables_path));
  std::stringstream text;
  text << in.rdbuf();
  auto figures = ParseTypedFigures(text.str(), seed_tables_path);
  if (!figures.ok()) return figures.status();
  BuildInput input = SampleInput();
  std::map<std::string, std::string> rationale;
  for (const GoalInput& g : input.goals) rationale[g.id] = g.rationale;
  input.goals.clear();
  input.indicators.clear();
  input.indicator_footnotes.clear();
  std::set<std::string> marks;
  for (const Table* t : figures->report.Tables()) {
    if (t->kind == TableKind::kGoals) {
      for (const Row& r : t->rows) {
        std::string id = Strip(r.id, "goal:");
        input.goals.push_back({.id = id,
                               .area = r.goal_area,
                               .municipal_goal = r.municipal_goal,
                               .name = r.label,
                               .assessment = r.assessment,
                               .rationale = rationale[id]});
      }
    }
    if (t->kind != TableKind::kIndicators) continue;
    std::map<std::string, size_t> by_row;
    for (const Row& r : t->rows) {
      if (r.kind == RowKind::kIndicator) {
        IndicatorInput ind{.id = Strip(r.id, "indicator:"),
                           .goal_id = Strip(r.goal_id, "goal:"),
                           .name = r.label,
                           .mark = r.mark,
                           .target = r.target};
        // A footnote mark typed at the end of the name: "... fastighetsbestånd [5]".
        if (size_t open = ind.name.rfind(" [");
            open != std::string::npos && ind.name.back() == ']') {
          ind.footnote = ind.name.substr(open + 2, ind.name.size() - open - 3);
          ind.name.resize(open);
        }
        const Cell& target = r.cells[t->columns.size() - 2];
        ind.target_footnote = target.footnote();
        for (size_t c = 1; c + 2 < t->columns.size(); ++c)
          ind.values[t->columns[c].id] = FromCell(r.cells[c]);
        by_row[r.id] = input.indicators.size();
        input.indicators.push_back(std::move(ind));
      } else if ((r.kind == RowKind::kGender || r.kind == RowKind::kBreakdown) &&
                 by_row.count(r.parent)) {
        IndicatorInput& ind = input.indicators[by_row[r.parent]];
        IndicatorBreakdown b{.id = r.id.substr(r.id.rfind('/') + 1), .label = r.label};
        for (size_t c = 1; c + 2 < t->columns.size(); ++c)
          b.values[t->columns[c].id] = FromCell(r.cells[c]);
        const Cell& target = r.cells[t->columns.size() - 2];
        if (target.state() == Cell::State::kText) b.target = target.text();
        ind.breakdowns.push_back(std::move(b));
      }
    }
    for (const Footnote& f : t->footnotes) {
      if (marks.insert(f.mark).second) input.indicator_footnotes.push_back(f);
    }
  }
  return input;
}

}  // namespace tertial::reporting::testing
