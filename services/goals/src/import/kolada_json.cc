// Kolada's KPI data (api.kolada.se/v2/data/...): the response body
//   {"values": [{"kpi": "N00945", "municipality": "0580", "period": 2020,
//                "values": [{"gender": "T", "value": 8.92, "status": "", "count": 1}, ...]}],
//    "count": 1, "next_page": ...}
// or the list of those objects alone. Parsed with yaml-cpp (JSON is YAML), which keeps a
// number's text, so 8.92 stays exactly 8,92 and never passes through a double.

#include <map>
#include <set>

#include <yaml-cpp/yaml.h>

#include "absl/strings/numbers.h"
#include "domain/decimal.h"
#include "domain/value_text.h"
#include "import/importers.h"
#include "tertial/base/strings.h"

namespace tertial::goals {
namespace {

// A JSON number's text, exponent allowed: "8.92", "-3", "1.5e2".
absl::StatusOr<pb::Decimal> JsonNumber(std::string_view text) {
  size_t e = text.find_first_of("eE");
  auto mantissa = ParseDecimal(e == std::string_view::npos ? text : text.substr(0, e));
  if (!mantissa.ok() || text.find(',') != std::string_view::npos) {
    return absl::InvalidArgumentError(StrCat("'", text, "' is not a JSON number"));
  }
  if (e == std::string_view::npos) return *mantissa;
  int exponent = 0;
  if (!absl::SimpleAtoi(ToAbsl(text.substr(e + 1)), &exponent) || exponent < -9 || exponent > 9) {
    return absl::InvalidArgumentError(StrCat("'", text, "': exponent out of range"));
  }
  int64_t units = mantissa->units();
  int scale = mantissa->scale() - exponent;
  while (scale < 0) {
    if (units > kMaxUnits / 10 || units < -kMaxUnits / 10) {
      return absl::InvalidArgumentError(StrCat("'", text, "' is too large"));
    }
    units *= 10;
    ++scale;
  }
  if (scale > kMaxScale) return absl::InvalidArgumentError(StrCat("'", text, "': too many decimals"));
  return MakeDecimal(units, scale);
}

}  // namespace

ImportDocument ParseKoladaJson(std::string_view file, std::string_view content,
                               const State& state, const std::string& organisation,
                               const ImportDefaults& defaults) {
  ImportDocument doc;
  const std::string name(file);
  auto error = [&](const YAML::Node& node, std::string field, std::string message) {
    doc.errors.push_back({Origin{name, node.Mark().line + 1, std::move(field)}, std::move(message)});
  };
  YAML::Node root;
  try {
    root = YAML::Load(std::string(content));
  } catch (const YAML::Exception& e) {
    doc.errors.push_back({Origin{name, e.mark.line + 1, ""}, StrCat("not JSON: ", e.msg)});
    return doc;
  }
  if (defaults.board.empty()) {
    doc.errors.push_back({Origin{name, 0, "board"}, "which board? give --board"});
    return doc;
  }
  doc.board = defaults.board;
  // KPI id -> the board's indicators that map it.
  // KPI id -> indicator id -> the rows it has (any year's plan).
  std::map<std::string, std::map<std::string, std::set<std::string>>> by_kpi;
  for (const auto& [key, plan] : state.plans) {
    if (key.first != defaults.board) continue;
    for (const auto& [id, indicator] : plan.indicators) {
      if (indicator.kolada_kpi().empty()) continue;
      std::set<std::string>& rows = by_kpi[indicator.kolada_kpi()][id];
      rows.insert("");
      for (const pb::BreakdownRow& row : indicator.breakdowns()) rows.insert(row.id());
    }
  }
  try {
    YAML::Node list = root.IsMap() && root["values"] ? root["values"] : root;
    if (!list.IsSequence()) {
      error(root, "values", "expected Kolada's response: {\"values\": [{\"kpi\": ..., \"values\": [...]}]}");
      return doc;
    }
    for (const YAML::Node& item : list) {
      if (!item.IsMap()) {
        error(item, "values[]", "expected an object with kpi, municipality, period and values");
        continue;
      }
      auto text = [&](const char* key) -> std::string {
        const YAML::Node node = item[key];
        if (!node || !node.IsScalar()) {
          error(item, key, "is missing");
          return "";
        }
        return node.Scalar();
      };
      std::string kpi = text("kpi");
      std::string municipality = text("municipality");
      std::string period_text = text("period");
      if (kpi.empty() || municipality.empty() || period_text.empty()) continue;
      if (municipality != organisation) {
        error(item["municipality"], "municipality",
              StrCat("'", municipality, "' is not this organisation (", organisation, ")"));
        continue;
      }
      auto period = ParsePeriod(period_text);
      if (!period.ok() || period->month() != 0) {
        error(item["period"], "period", StrCat("'", period_text, "': expected a year"));
        continue;
      }
      auto mapped = by_kpi.find(kpi);
      if (mapped == by_kpi.end()) {
        error(item["kpi"], "kpi",
              StrCat("no indicator of board ", defaults.board, " maps KPI ", kpi,
                     "; add `kolada: ", kpi, "` to the indicator in the plan"));
        continue;
      }
      const YAML::Node values = item["values"];
      if (!values || !values.IsSequence()) {
        error(item, "values", "expected a list of {gender, value}");
        continue;
      }
      for (const YAML::Node& v : values) {
        const YAML::Node gender = v["gender"];
        const YAML::Node number = v["value"];
        if (!gender || !gender.IsScalar()) {
          error(v, "gender", "expected T, K or M");
          continue;
        }
        std::string g = gender.Scalar();
        if (g != "T" && g != "K" && g != "M") {
          error(gender, "gender", StrCat("'", g, "': expected T (totalt), K (kvinnor) or M (män)"));
          continue;
        }
        pb::IndicatorValue value;
        if (!number || number.IsNull() || (number.IsScalar() && number.Tag() != "!" &&
                                           number.Scalar() == "null")) {
          value.mutable_no_data()->set_reason(pb::NO_DATA_REASON_NOT_AVAILABLE);
          value.set_printed("I.U.");
          const YAML::Node status = v["status"];
          if (status && status.IsScalar() && !status.Scalar().empty()) value.set_note(status.Scalar());
        } else if (!number.IsScalar() || number.Tag() == "!") {
          error(number, "value", "expected a number or null");
          continue;
        } else {
          auto decimal = JsonNumber(number.Scalar());
          if (!decimal.ok()) {
            error(number, "value", std::string(decimal.status().message()));
            continue;
          }
          *value.mutable_number() = *decimal;
          value.set_printed(FormatDecimal(*decimal));
        }
        std::string breakdown = BreakdownId(g);
        for (const auto& [indicator, rows] : mapped->second) {
          if (!rows.count(breakdown)) {
            doc.warnings.push_back(
                {Origin{name, v.Mark().line + 1, "gender"},
                 StrCat("KPI ", kpi, " ", period_text, " gender ", g, " skipped: indicator '",
                        indicator, "' has no row for ", g == "K" ? "kvinnor" : "män")});
            continue;
          }
          pb::GoalsEvent event;
          pb::IndicatorValueRecorded* r = event.mutable_indicator_value_recorded();
          r->set_board_unit_id(defaults.board);
          r->set_indicator_id(indicator);
          r->set_breakdown(breakdown);
          *r->mutable_period() = *period;
          *r->mutable_value() = value;
          r->set_source(pb::VALUE_SOURCE_KOLADA);
          r->set_source_ref(StrCat("kolada ", kpi, " ", municipality, " ", period_text, " ", g));
          doc.proposals.push_back({std::move(event), Origin{name, v.Mark().line + 1, ""}});
        }
      }
    }
  } catch (const YAML::Exception& e) {
    doc.errors.push_back({Origin{name, e.mark.line + 1, ""}, StrCat("unreadable: ", e.msg)});
  }
  return doc;
}

}  // namespace tertial::goals
