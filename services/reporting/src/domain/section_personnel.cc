#include "section_builder.h"
#include "tertial/base/strings.h"

namespace tertial::reporting {

using chart::UnitKind;
using chart::UnitNode;

Table SectionBuilder::PersonnelTable() const {
  period::Period prior{in_.period.year - 1, in_.period.month};
  Table t{.id = "personnel",
          .kind = TableKind::kPersonnel,
          .title = "Personal",
          .unit_label = "",
          .columns = {{"target", "Målvärde helår", ColumnKind::kNumber},
                      {"current", Capitalised(PeriodLong(in_.period)), ColumnKind::kNumber},
                      {"prior", Capitalised(PeriodLong(prior)), ColumnKind::kNumber}}};
  for (const PersonnelInput& p : in_.personnel) {
    Row r{.id = StrCat("personnel:", p.id), .label = p.label, .kind = RowKind::kItem};
    r.cells = {Opt(p.target), Opt(p.current), Opt(p.prior)};
    t.rows.push_back(std::move(r));
  }
  return t;
}

}  // namespace tertial::reporting
