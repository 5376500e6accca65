// The rules on goals and indicators (validate_checker.h): assessment, year_over_year of
// indicator values; and an indicator's status (validate.h).
#include "tertial/base/strings.h"
#include "validate.h"
#include "validate_checker.h"

namespace tertial::reporting::validation {

void Checker::Assessments(const Table& goals) {
  for (const Row& g : goals.rows) {
    std::vector<std::pair<const Table*, const Row*>> indicators;
    for (const Table* t : report_.Tables()) {
      if (t->kind != TableKind::kIndicators) continue;
      for (const Row& r : t->rows) {
        if (r.kind == RowKind::kIndicator && r.goal_id == g.id) indicators.push_back({t, &r});
      }
    }
    int met = 0, not_met = 0;
    std::string missed;
    for (const auto& [t, r] : indicators) {
      if (r->status == IndicatorStatus::kMet) ++met;
      if (r->status == IndicatorStatus::kNotMet) {
        ++not_met;
        if (!missed.empty()) missed += "; ";
        StrAppend(&missed, r->label, " (mål ", r->target.printed, ")");
      }
    }
    if (g.assessment_check) {
      // The goals service checked it: its verdict is the one rule (what `tertial goals
      // status` counts); the indicators listed are the report's.
      if (g.assessment_check->verdict != AssessmentCheck::Verdict::kContradicted) continue;
      int checked = g.assessment_check->indicators_met + g.assessment_check->indicators_not_met;
      std::string_view suggested = AssessmentLabel(Assessment::kPartly);
      if (g.assessment == Assessment::kMet) {
        Add(Severity::kError, "assessment", goals, g, "assessment",
            std::string(AssessmentLabel(g.assessment)), std::string(suggested),
            StrCat("bedöms uppfyllt, men ",
                   checked == 1 ? "den enda indikatorn med värde och målvärde når inte målvärdet"
                                : StrCat("ingen av de ", checked,
                                         " indikatorerna med värde och målvärde når målvärdet"),
                   missed.empty() ? "" : StrCat(": ", missed), " (målstyrningens kontroll)"));
      } else {
        Add(Severity::kError, "assessment", goals, g, "assessment",
            std::string(AssessmentLabel(g.assessment)), std::string(suggested),
            StrCat("bedöms ej uppfyllt, men ",
                   checked == 1 ? "den enda indikatorn med värde och målvärde når målvärdet"
                                : StrCat("alla ", checked,
                                         " indikatorer med värde och målvärde når målvärdet"),
                   " (målstyrningens kontroll)"));
      }
      continue;
    }
    if (g.assessment == Assessment::kMet && not_met > 0) {
      Add(met == 0 ? Severity::kError : Severity::kWarning, "assessment", goals, g, "assessment",
          std::string(AssessmentLabel(g.assessment)),
          std::string(AssessmentLabel(Assessment::kPartly)),
          StrCat("bedöms uppfyllt, men ", not_met, " av ", met + not_met,
                 " indikatorer med värde når inte målvärdet: ", missed));
    } else if (g.assessment == Assessment::kNotMet && met > 0 && not_met == 0) {
      Add(Severity::kError, "assessment", goals, g, "assessment",
          std::string(AssessmentLabel(g.assessment)),
          std::string(AssessmentLabel(Assessment::kPartly)),
          StrCat("bedöms ej uppfyllt, men alla ", met, " indikatorer med värde når målvärdet"));
    }
  }
}

void Checker::IndicatorJumps(const Table& t) {
  std::vector<size_t> periods;
  for (size_t c = 0; c < t.columns.size(); ++c) {
    if (t.columns[c].kind == ColumnKind::kNumber) periods.push_back(c);
  }
  if (periods.size() < 2) return;
  size_t last = periods.back(), previous = periods[periods.size() - 2];
  for (const Row& r : t.rows) {
    if (r.kind != RowKind::kIndicator) continue;
    const Cell& a = r.cells[last];
    const Cell& b = r.cells[previous];
    if (!a.is_number() || !b.is_number() || b.number().units == 0) continue;
    Decimal x = a.number(), y = b.number();
    Decimal ax{x.units < 0 ? -x.units : x.units, x.scale},
        ay{y.units < 0 ? -y.units : y.units, y.scale};
    Decimal twice_y{ay.units * 2, ay.scale}, twice_x{ax.units * 2, ax.scale};
    bool up = Decimal::Compare(ax, twice_y) > 0;
    bool down = Decimal::Compare(twice_x, ay) < 0;
    if (!up && !down) continue;
    Add(Severity::kWarning, "year_over_year", t, r, t.columns[last].id, FormatDecimal(x), "",
        StrCat(up ? "mer än fördubblas" : "mer än halveras", " mot ", t.columns[previous].label,
               " (", FormatDecimal(y), "); kontrollera värdet och dess period"));
  }
}

}  // namespace tertial::reporting::validation

namespace tertial::reporting {

IndicatorStatus ComputeStatus(const Table& table, const Row& row) {
  std::vector<size_t> periods;
  for (size_t c = 0; c < table.columns.size() && c < row.cells.size(); ++c) {
    if (table.columns[c].kind == ColumnKind::kNumber) periods.push_back(c);
  }
  if (periods.empty()) return IndicatorStatus::kNoData;
  const Cell& latest = row.cells[periods.back()];
  if (!latest.is_number()) return IndicatorStatus::kNoData;
  const Target& t = row.target;
  const Decimal& v = latest.number();
  switch (t.kind) {
    case Target::Kind::kNone:
      return IndicatorStatus::kNoData;
    case Target::Kind::kCompare: {
      int c = Decimal::Compare(v, t.value);
      bool met = t.op == "<"    ? c < 0
                 : t.op == "<=" ? c <= 0
                 : t.op == ">"  ? c > 0
                 : t.op == ">=" ? c >= 0
                                : c == 0;
      return met ? IndicatorStatus::kMet : IndicatorStatus::kNotMet;
    }
    case Target::Kind::kIncrease:
    case Target::Kind::kDecrease:
      for (size_t i = periods.size() - 1; i-- > 0;) {
        const Cell& earlier = row.cells[periods[i]];
        if (!earlier.is_number()) continue;
        int c = Decimal::Compare(v, earlier.number());
        bool met = t.kind == Target::Kind::kIncrease ? c > 0 : c < 0;
        return met ? IndicatorStatus::kMet : IndicatorStatus::kNotMet;
      }
      return IndicatorStatus::kNoData;
  }
  return IndicatorStatus::kNoData;
}

}  // namespace tertial::reporting
