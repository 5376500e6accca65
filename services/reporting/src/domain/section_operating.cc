#include "section_builder.h"
#include "tertial/base/strings.h"

namespace tertial::reporting {

using chart::UnitKind;
using chart::UnitNode;

Table SectionBuilder::OperatingTable() const {
  Table t{.id = "operating",
          .kind = TableKind::kOperating,
          .title = "Driftsammandrag, netto tkr",
          .unit_label = "tkr",
          .scope_unit = primary_,
          .columns = {{"actual", StrCat("Redovisat ", Span()), ColumnKind::kMoney},
                      {"budget", StrCat("Budget ", Span()), ColumnKind::kMoney},
                      {"deviation", "Avvikelse", ColumnKind::kMoney},
                      {"prior", StrCat("Redovisat ", PriorSpan()), ColumnKind::kMoney}}};
  auto row = [&](const UnitNode* unit, RowKind kind, std::string id, std::string label,
                 std::string mark) {
    UnitFigures f = Rolled(unit->id);
    Row r{.id = std::move(id),
          .label = std::move(label),
          .kind = kind,
          .unit_id = unit->id,
          .mark = std::move(mark)};
    r.cells = {Money(f.actual.net_ore()), Money(f.budget_period.net_ore()),
               Money(f.budget_period.net_ore() - f.actual.net_ore()),
               in_.has_prior_year_ledger ? Money(f.prior_period.net_ore()) : Cell::Empty()};
    return r;
  };
  for (const UnitNode* stab : stabs_) {
    t.rows.push_back(row(stab, RowKind::kUnit, StrCat("unit:", stab->id), stab->name, ""));
  }
  const UnitNode* primary = in_.units.Find(primary_);
  t.rows.push_back(row(primary, RowKind::kSum, "sum", "Summa", ""));
  for (const UnitNode* other : others_) {
    t.rows.push_back(
        row(other, RowKind::kOtherForvaltning, StrCat("unit:", other->id), other->name, "*"));
  }
  if (!others_.empty()) t.notes.push_back(OtherNote());
  t.notes.push_back("Avvikelse = budget − redovisat; ett positivt belopp är ett överskott.");
  return t;
}

}  // namespace tertial::reporting
