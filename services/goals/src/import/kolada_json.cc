// Kolada's KPI data (api.kolada.se/v2/data/...): the response body
//   {"values": [{"kpi": "N00945", "municipality": "0580", "period": 2020,
//                "values": [{"gender": "T", "value": 8.92, "status": "", "count": 1}, ...]}],
//    "count": 1, "next_page": ...}
// or the list of those objects alone. Parsed by libs/json, which refuses what is not JSON,
// names line and column, and keeps a number's text, so 8.92 stays exactly 8,92 and never
// passes through a double.

#include <map>
#include <set>

#include "absl/strings/numbers.h"
#include "import/importers.h"
#include "tertial/base/strings.h"
#include "tertial/json/json.h"
#include "tertial/money/decimal_proto.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals {
namespace {

// A JSON number's text, exponent allowed: "8.92", "-3", "1.5e2".
absl::StatusOr<common::v1::Decimal> JsonNumber(std::string_view text) {
  size_t e = text.find_first_of("eE");
  auto mantissa = ParseNumber(e == std::string_view::npos ? text : text.substr(0, e));
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
    if (units > money::kMaxDecimalUnits / 10 || units < -money::kMaxDecimalUnits / 10) {
      return absl::InvalidArgumentError(StrCat("'", text, "' is too large"));
    }
    units *= 10;
    ++scale;
  }
  if (scale > kMaxValueDecimals)
    return absl::InvalidArgumentError(StrCat("'", text, "': too many decimals"));
  return money::DecimalToProto({units, scale});
}

}  // namespace

ImportDocument ParseKoladaJson(std::string_view file, std::string_view content, const State& state,
                               const std::string& organisation, const ImportDefaults& defaults) {
  ImportDocument doc;
  const std::string name(file);
  auto error = [&](const json::Value& node, std::string field, std::string message) {
    doc.errors.push_back({name, node.line, std::move(field), std::move(message)});
  };
  json::ParseError parse_error;
  absl::StatusOr<json::Value> parsed = json::Parse(content, name, &parse_error);
  if (!parsed.ok()) {
    doc.errors.push_back(
        {name, parse_error.line, "",
         StrCat("not JSON: column ", parse_error.column, ": ", parse_error.message)});
    return doc;
  }
  const json::Value& root = *parsed;
  if (defaults.board.empty()) {
    doc.errors.push_back({name, 0, "board", "which board? give --board"});
    return doc;
  }
  doc.board = defaults.board;
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
  const json::Value* list = &root;
  if (root.type == json::Type::kObject && root.Find("values") != nullptr)
    list = root.Find("values");
  if (list->type != json::Type::kArray) {
    error(*list, "values",
          "expected Kolada's response: {\"values\": [{\"kpi\": ..., \"values\": [...]}]}");
    return doc;
  }
  for (const json::Value& item : list->items) {
    if (item.type != json::Type::kObject) {
      error(item, "values[]", "expected an object with kpi, municipality, period and values");
      continue;
    }
    // A string or a number, as Kolada writes them ("0580", 2020).
    auto text = [&](const char* key) -> std::string {
      const json::Value* node = item.Find(key);
      if (node == nullptr) {
        error(item, key, "is missing");
        return "";
      }
      if (node->type != json::Type::kString && node->type != json::Type::kNumber) {
        error(*node, key, StrCat("expected a string or a number, not ", node->TypeName()));
        return "";
      }
      return node->text;
    };
    std::string kpi = text("kpi");
    std::string municipality = text("municipality");
    std::string period_text = text("period");
    if (kpi.empty() || municipality.empty() || period_text.empty()) continue;
    if (municipality != organisation) {
      error(*item.Find("municipality"), "municipality",
            StrCat("'", municipality, "' is not this organisation (", organisation, ")"));
      continue;
    }
    auto period = ParsePeriod(period_text);
    if (!period.ok() || period->month() != 0) {
      error(*item.Find("period"), "period", StrCat("'", period_text, "': expected a year"));
      continue;
    }
    auto mapped = by_kpi.find(kpi);
    if (mapped == by_kpi.end()) {
      error(*item.Find("kpi"), "kpi",
            StrCat("no indicator of board ", defaults.board, " maps KPI ", kpi,
                   "; add `kolada: ", kpi, "` to the indicator in the plan"));
      continue;
    }
    const json::Value* values = item.Find("values");
    if (values == nullptr || values->type != json::Type::kArray) {
      error(values == nullptr ? item : *values, "values", "expected a list of {gender, value}");
      continue;
    }
    for (const json::Value& v : values->items) {
      if (v.type != json::Type::kObject) {
        error(v, "values[]", "expected an object with gender and value");
        continue;
      }
      const json::Value* gender = v.Find("gender");
      const json::Value* number = v.Find("value");
      if (gender == nullptr || gender->type != json::Type::kString) {
        error(gender == nullptr ? v : *gender, "gender", "expected T, K or M");
        continue;
      }
      const std::string& g = gender->text;
      if (g != "T" && g != "K" && g != "M") {
        error(*gender, "gender", StrCat("'", g, "': expected T (totalt), K (kvinnor) or M (män)"));
        continue;
      }
      pb::IndicatorValue value;
      if (number == nullptr || number->type == json::Type::kNull) {
        value.mutable_no_data()->set_reason(pb::NO_DATA_REASON_NOT_AVAILABLE);
        value.set_printed("I.U.");
        const json::Value* status = v.Find("status");
        if (status != nullptr && status->type == json::Type::kString && !status->text.empty()) {
          value.set_note(status->text);
        }
      } else if (number->type != json::Type::kNumber) {
        error(*number, "value", StrCat("expected a number or null, not ", number->TypeName()));
        continue;
      } else {
        auto decimal = JsonNumber(number->text);
        if (!decimal.ok()) {
          error(*number, "value", std::string(decimal.status().message()));
          continue;
        }
        *value.mutable_number() = *decimal;
        value.set_printed(money::FormatDecimal(money::DecimalFromProto(*decimal)));
      }
      std::string breakdown = BreakdownId(g);
      for (const auto& [indicator, rows] : mapped->second) {
        if (!rows.count(breakdown)) {
          doc.warnings.push_back(
              {name, v.line, "gender",
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
        doc.proposals.push_back({std::move(event), Origin{name, v.line, ""}});
      }
    }
  }
  return doc;
}

}  // namespace tertial::goals
