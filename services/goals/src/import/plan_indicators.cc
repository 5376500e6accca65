// The plan's indicators (services/goals/README.md, "The plan"): their definitions with
// rows and derivations, and each row's target and values.

#include <map>
#include <utility>

#include "import/plan_reader.h"
#include "tertial/base/strings.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals {

void PlanReader::ReadIndicators(const YAML::Node& list, const std::string& goal_where,
                                const std::string& goal) {
  ReadList(
      list, StrCat(goal_where, ".indicators"), "indicators", "indicator",
      {"id", "name", "unit", "better", "scope", "source", "footnotes", "kolada", "derived",
       "target", "values", "rows"},
      [&](const YAML::Node& node, Fields& by_key, const std::string& id, const std::string& where,
          int position) {
        pb::GoalsEvent event;
        pb::IndicatorDefined* i = event.mutable_indicator_defined();
        i->set_board_unit_id(doc_.board);
        i->set_year(doc_.year);
        i->set_indicator_id(id);
        i->set_goal_id(goal);
        i->set_position(position);
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
          Fields m(d.begin(), d.end());
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
        std::vector<std::pair<std::string, Fields>> rows;
        if (by_key.count("rows")) {
          const YAML::Node& list_of_rows = by_key["rows"];
          if (!list_of_rows.IsSequence()) {
            Error(list_of_rows, StrCat(where, ".rows"), "expected a list of rows (- id: men ...)");
          } else {
            for (const YAML::Node& row : list_of_rows) {
              Entries r = Map(row, StrCat(where, ".rows"), {"id", "label", "target", "values"});
              Fields m(r.begin(), r.end());
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
      });
}

// The target and values of one row.
void PlanReader::ReadRow(Fields& by_key, const std::string& indicator, const std::string& breakdown,
                         pb::Polarity polarity, const pb::Derivation* derivation,
                         const std::string& where) {
  if (by_key.count("target")) {
    std::string field = StrCat(where, ".target");
    const YAML::Node& node = by_key["target"];
    absl::StatusOr<pb::Target> target = absl::InvalidArgumentError("");
    if (node.IsMap()) {
      Entries t = Map(node, field, {"expr", "printed", "baseline"});
      Fields m(t.begin(), t.end());
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
}  // namespace tertial::goals
