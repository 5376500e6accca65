#include <algorithm>

#include "section_builder.h"
#include "tertial/base/strings.h"

namespace tertial::reporting {

using chart::UnitKind;
using chart::UnitNode;

Table SectionBuilder::GoalSummary() const {
  Table t{.id = "goal_summary",
          .kind = TableKind::kGoalSummary,
          .title = "Nämndmål per bedömning",
          .unit_label = "antal",
          .columns = {{"count", "Antal", ColumnKind::kNumber}}};
  int64_t total = 0;
  for (Assessment a : {Assessment::kMet, Assessment::kPartly, Assessment::kNotMet,
                       Assessment::kCannotAssess, Assessment::kNone}) {
    int64_t n = std::count_if(in_.goals.begin(), in_.goals.end(),
                              [&](const GoalInput& g) { return g.assessment == a; });
    if (n == 0 && a == Assessment::kNone) continue;
    Row r{.id = StrCat("assessment:", a == Assessment::kNone ? "none" : AssessmentName(a)),
          .label = std::string(AssessmentLabel(a)),
          .kind = RowKind::kItem,
          .assessment = a};
    r.cells = {Count(n)};
    t.rows.push_back(std::move(r));
    total += n;
  }
  Row sum{.id = "sum", .label = "Nämndmål totalt", .kind = RowKind::kSum};
  sum.cells = {Count(total)};
  t.rows.push_back(std::move(sum));
  return t;
}

Table SectionBuilder::ActivitySummary() const {
  Table t{.id = "activity_summary",
          .kind = TableKind::kActivitySummary,
          .title = StrCat("Aktiviteter i verksamhetsplanen per ", PeriodEndDate()),
          .unit_label = "antal",
          .columns = {{"count", "Antal", ColumnKind::kNumber}}};
  int64_t total = 0;
  for (const auto& [status, n] : in_.activities) {
    Row r{.id = StrCat("status:", status), .label = Capitalised(status), .kind = RowKind::kItem};
    r.cells = {Count(n)};
    t.rows.push_back(std::move(r));
    total += n;
  }
  Row sum{.id = "sum", .label = "Aktiviteter totalt", .kind = RowKind::kSum};
  sum.cells = {Count(total)};
  t.rows.push_back(std::move(sum));
  if (std::string postponed = PostponedSentence(total); !postponed.empty())
    t.notes.push_back(postponed);
  return t;
}

std::string SectionBuilder::PostponedSentence(int64_t total) const {
  int64_t within = in_.activities_postponed_within_year;
  int64_t later = in_.activities_postponed_to_later_year;
  if (within == 0 && later == 0) return "";
  return StrCat("Av de ", total, " aktiviteterna förskjuts ", within, " i tid men genomförs ",
                in_.period.year, ", och ", later, " förskjuts till ", in_.period.year + 1,
                " eller senare.");
}

Table SectionBuilder::ForecastResult(const Table& forecast) const {
  Table t{.id = "forecast_result",
          .kind = TableKind::kForecastResult,
          .title = "Prognostiserat utfall helår per förvaltning",
          .unit_label = "mnkr",
          .columns = {{"result", "Avvikelse mot budget, mnkr", ColumnKind::kMoney}}};
  for (const Row& r : forecast.rows) {
    if (r.kind != RowKind::kSum && r.kind != RowKind::kOtherForvaltning) continue;
    const UnitNode* unit = in_.units.Find(r.unit_id);
    Row out{.id = StrCat("unit:", r.unit_id),
            .label = unit ? unit->name : r.unit_id,
            .kind = RowKind::kItem,
            .unit_id = r.unit_id};
    out.cells = {r.cells[forecast_column::kDeviation]};
    t.rows.push_back(std::move(out));
  }
  t.notes.push_back("Budget − prognos för helåret; ett positivt belopp är ett överskott.");
  return t;
}

std::vector<std::string> SectionBuilder::Highlights(const Section& summary) const {
  std::vector<std::string> out;
  const Table& goals = summary.tables[0];
  std::vector<std::string> parts;
  for (const Row& r : goals.rows) {
    if (r.kind == RowKind::kSum || r.cells[kCountColumn].number().units == 0) continue;
    std::string label(AssessmentLabel(r.assessment));
    label = r.assessment == Assessment::kPartly ? "uppfylls delvis" : label;
    for (char& c : label) c = static_cast<char>(c == 'U' || c == 'K' || c == 'E' ? c + 32 : c);
    parts.push_back(StrCat(r.cells[kCountColumn].number().units, " ", label));
  }
  out.push_back(StrCat(in_.goals.size(),
                       " nämndmål: ", parts.empty() ? "inga bedömda" : SwedishList(parts), "."));
  std::vector<std::string> a;
  int64_t total = 0;
  for (const auto& [status, n] : in_.activities) {
    total += n;
    if (n > 0) a.push_back(ActivityCountPhrase(status, n));
  }
  if (total > 0)
    out.push_back(
        StrCat(total, total == 1 ? " aktivitet: " : " aktiviteter: ", SwedishList(a), "."));
  if (std::string postponed = PostponedSentence(total); !postponed.empty())
    out.push_back(postponed);
  return out;
}

}  // namespace tertial::reporting
