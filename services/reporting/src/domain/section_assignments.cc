#include <algorithm>
#include <map>
#include <tuple>

#include "section_builder.h"
#include "tertial/base/strings.h"

namespace tertial::reporting {

using chart::UnitKind;
using chart::UnitNode;

namespace {

std::string_view SideLabel(AdjustmentSide side) {
  switch (side) {
    case AdjustmentSide::kCosts:
      return "Kostnader";
    case AdjustmentSide::kRevenues:
      return "Intäkter";
    case AdjustmentSide::kInvestmentSpending:
      return "Investeringsutgifter";
    case AdjustmentSide::kInvestmentIncome:
      return "Investeringsinkomster";
  }
  return "";
}

}  // namespace

Table SectionBuilder::AssignmentsTable() const {
  Table t{.id = "assignments",
          .kind = TableKind::kAssignments,
          .title = "Nämndspecifika strategiska utvecklingsuppdrag",
          .unit_label = "",
          .columns = {{"title", "Uppdrag", ColumnKind::kText},
                      {"status", "Status", ColumnKind::kText},
                      {"comment", "Kommentar", ColumnKind::kText}}};
  for (const AssignmentInput& a : in_.assignments) {
    Row r{.id = StrCat("assignment:", a.id), .label = a.title, .kind = RowKind::kItem};
    r.cells = {Cell::Text(a.title), Cell::Text(Capitalised(a.status)), Cell::Text(a.comment)};
    t.rows.push_back(std::move(r));
  }
  return t;
}

Table SectionBuilder::AdjustmentsTable() const {
  Table t{.id = "adjustments",
          .kind = TableKind::kAdjustments,
          .title = "Justeringar av prognosen",
          .unit_label = "tkr",
          .columns = {{"unit", "Verksamhet", ColumnKind::kText},
                      {"side", "Avser", ColumnKind::kText},
                      {"amount", "Belopp, tkr", ColumnKind::kMoney},
                      {"reason", "Skäl", ColumnKind::kText}}};
  // Operating adjustments first, then investments, each in the unit tree's order, then by
  // id, so that the list reads like the tables.
  std::map<std::string, size_t> order;
  for (const UnitNode* node : in_.units.Subtree(r_.board_id)) order.emplace(node->id, order.size());
  std::vector<const AdjustmentInput*> adjustments;
  for (const AdjustmentInput& a : in_.adjustments) {
    if (in_.units.InSubtree(a.unit_id, r_.board_id)) adjustments.push_back(&a);
  }
  std::stable_sort(adjustments.begin(), adjustments.end(),
                   [&](const AdjustmentInput* x, const AdjustmentInput* y) {
                     auto investment = [](const AdjustmentInput* a) {
                       return a->side == AdjustmentSide::kInvestmentSpending ||
                              a->side == AdjustmentSide::kInvestmentIncome;
                     };
                     return std::tuple(investment(x), order[x->unit_id], x->id) <
                            std::tuple(investment(y), order[y->unit_id], y->id);
                   });
  for (const AdjustmentInput* adjustment : adjustments) {
    const AdjustmentInput& a = *adjustment;
    const UnitNode* unit = in_.units.Find(a.unit_id);
    std::string target = unit ? unit->name : a.unit_id;
    if (!a.project_id.empty()) {
      for (const ProjectInput& p : in_.projects) {
        if (p.id == a.project_id) target = p.name;
      }
    }
    std::string side(SideLabel(a.side));
    Row r{.id = StrCat("adjustment:", a.id),
          .label = target,
          .kind = RowKind::kItem,
          .unit_id = a.unit_id};
    r.cells = {Cell::Text(target), Cell::Text(side), Money(a.amount_ore), Cell::Text(a.reason)};
    t.rows.push_back(std::move(r));
  }
  t.notes.push_back(
      "Beloppen läggs till metodens prognos med bokföringens tecken: en kostnadsökning är "
      "positiv, en intäktsökning negativ.");
  return t;
}

}  // namespace tertial::reporting
