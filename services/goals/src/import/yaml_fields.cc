#include "import/yaml_fields.h"

#include "absl/strings/numbers.h"
#include "tertial/base/ids.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals {

void YamlFields::Error(const YAML::Node& node, std::string field, std::string message) {
  doc_.errors.push_back({file_, Line(node), std::move(field), std::move(message)});
}

YamlFields::Entries YamlFields::Map(const YAML::Node& node, const std::string& field,
                                    const std::set<std::string>& allowed) {
  Entries out;
  if (!node.IsMap()) {
    Error(node, field, "expected a mapping (key: value lines)");
    return out;
  }
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar()) {
      Error(it->first, field, "expected a plain key");
      continue;
    }
    std::string key = it->first.Scalar();
    std::string where = field.empty() ? key : StrCat(field, ".", key);
    if (!seen.insert(key).second) {
      Error(it->first, where, "appears twice");
      continue;
    }
    if (!allowed.empty() && !allowed.count(key)) {
      std::string expected;
      for (const std::string& a : allowed) StrAppend(&expected, expected.empty() ? "" : ", ", a);
      Error(it->first, where, StrCat("unknown key; expected one of ", expected));
      continue;
    }
    out.emplace_back(key, it->second);
  }
  return out;
}

std::vector<std::pair<pb::ValuePeriod, YAML::Node>> YamlFields::PeriodMap(
    const YAML::Node& node, const std::string& field) {
  std::vector<std::pair<pb::ValuePeriod, YAML::Node>> out;
  if (!node.IsMap()) {
    Error(node, field, "expected periods as keys (2021-08: ..., 2020: ...)");
    return out;
  }
  std::set<std::pair<int, int>> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
    auto period = ParsePeriod(key);
    if (!period.ok()) {
      Error(it->first, field, std::string(period.status().message()));
      continue;
    }
    if (!seen.insert({period->year(), period->month()}).second) {
      Error(it->first, StrCat(field, ".", key), "appears twice");
      continue;
    }
    out.emplace_back(*period, it->second);
  }
  return out;
}

std::string YamlFields::Text(const YAML::Node& node, const std::string& field, bool required) {
  if (node.IsScalar()) return node.Scalar();
  if (node.IsNull() && !required) return "";
  Error(node, field, "expected text");
  return "";
}

std::string YamlFields::Id(const YAML::Node& node, const std::string& field) {
  std::string id = Text(node, field);
  if (std::string problem = ids::Problem(id); !id.empty() && !problem.empty()) {
    Error(node, field, IdProblem(id, problem));
    return "";
  }
  return id;
}

std::string YamlFields::IdProblem(std::string_view id, std::string_view problem) {
  return StrCat("'", ValidUtf8(id), "' is not an id: ", problem, "; expected ", ids::Expected());
}

int YamlFields::Int(const YAML::Node& node, const std::string& field) {
  std::string text = Text(node, field);
  int value = 0;
  if (text.empty() || !absl::SimpleAtoi(ToAbsl(text), &value)) {
    if (!text.empty()) Error(node, field, StrCat("'", text, "' is not a whole number"));
    return 0;
  }
  return value;
}

bool YamlFields::Bool(const YAML::Node& node, const std::string& field) {
  std::string text = Fold(Text(node, field));
  if (text == "true" || text == "yes" || text == "ja") return true;
  if (text == "false" || text == "no" || text == "nej") return false;
  Error(node, field, "expected true or false");
  return false;
}

std::vector<std::string> YamlFields::List(const YAML::Node& node, const std::string& field) {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
  } else if (node.IsSequence()) {
    for (const YAML::Node& item : node) out.push_back(Text(item, field));
  } else {
    Error(node, field, "expected a list ([a, b])");
  }
  return out;
}

std::vector<int> YamlFields::Footnotes(const YAML::Node& node, const std::string& field) {
  std::vector<int> out;
  for (const std::string& text : List(node, field)) {
    int n = 0;
    if (!absl::SimpleAtoi(ToAbsl(text), &n) || n <= 0) {
      Error(node, field, StrCat("'", text, "' is not a footnote number"));
    } else {
      out.push_back(n);
    }
  }
  return out;
}

std::optional<pb::IndicatorValue> YamlFields::Cell(const YAML::Node& cell,
                                                   const std::string& field) {
  if (cell.IsScalar()) {
    auto value = ParseValue(cell.Scalar());
    if (!value.ok()) {
      Error(cell, field, std::string(value.status().message()));
      return std::nullopt;
    }
    return *value;
  }
  if (cell.IsNull()) {
    Error(cell, field, "empty; write I.U. for no data, or leave the period out");
    return std::nullopt;
  }
  Entries e = Map(cell, field, {"value", "no_data", "printed", "note", "year", "footnotes"});
  Fields m(e.begin(), e.end());
  pb::IndicatorValue value;
  if (m.count("value") == m.count("no_data")) {
    Error(cell, field, "give either value: or no_data: (not_available, pending, discontinued)");
    return std::nullopt;
  }
  if (m.count("value")) {
    auto parsed = ParseValue(Text(m["value"], StrCat(field, ".value")));
    if (!parsed.ok()) {
      Error(m["value"], StrCat(field, ".value"), std::string(parsed.status().message()));
      return std::nullopt;
    }
    value = *parsed;
  } else {
    auto reason = ParseNoDataReason(Text(m["no_data"], StrCat(field, ".no_data")));
    if (!reason.ok()) {
      Error(m["no_data"], StrCat(field, ".no_data"), std::string(reason.status().message()));
      return std::nullopt;
    }
    value.mutable_no_data()->set_reason(*reason);
    value.set_printed("I.U.");
  }
  if (m.count("printed")) value.set_printed(Text(m["printed"], StrCat(field, ".printed")));
  if (m.count("note")) value.set_note(Text(m["note"], StrCat(field, ".note")));
  if (m.count("year")) value.set_measured_year(Int(m["year"], StrCat(field, ".year")));
  if (m.count("footnotes")) {
    for (int n : Footnotes(m["footnotes"], StrCat(field, ".footnotes"))) value.add_footnotes(n);
  }
  return value;
}
}  // namespace tertial::goals
