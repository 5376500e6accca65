#ifndef TERTIAL_GOALS_IMPORT_YAML_FIELDS_H_
#define TERTIAL_GOALS_IMPORT_YAML_FIELDS_H_

// The fields of a YAML input (the plan, services/goals/README.md): each reader takes a
// node and the path of its field ("indicator[sjuk].values.2021-08") and, when the node is
// not what it expects, adds an error naming the file, the node's line, the field and what
// was expected to the document, returning an empty value.

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "import/importers.h"

namespace tertial::goals {

class YamlFields {
 public:
  // `doc` outlives this reader; errors go to it.
  YamlFields(std::string_view file, ImportDocument& doc) : file_(file), doc_(doc) {}
  YamlFields(const YamlFields&) = delete;
  YamlFields& operator=(const YamlFields&) = delete;

 protected:
  using Entries = std::vector<std::pair<std::string, YAML::Node>>;
  using Fields = std::map<std::string, YAML::Node>;

  int Line(const YAML::Node& node) const { return node.Mark().line + 1; }
  void Error(const YAML::Node& node, std::string field, std::string message);

  // A mapping's entries in file order; unknown and repeated keys are errors. `allowed`
  // empty: any key.
  Entries Map(const YAML::Node& node, const std::string& field,
              const std::set<std::string>& allowed);
  // Periods as keys: "2021-08: ...".
  std::vector<std::pair<pb::ValuePeriod, YAML::Node>> PeriodMap(const YAML::Node& node,
                                                                const std::string& field);
  std::string Text(const YAML::Node& node, const std::string& field, bool required = true);
  // A unit, board or organisation id (tertial/base/ids.h); "" after an error.
  std::string Id(const YAML::Node& node, const std::string& field);
  static std::string IdProblem(std::string_view id, std::string_view problem);
  int Int(const YAML::Node& node, const std::string& field);
  bool Bool(const YAML::Node& node, const std::string& field);
  std::vector<std::string> List(const YAML::Node& node, const std::string& field);
  std::vector<int> Footnotes(const YAML::Node& node, const std::string& field);
  // A value cell: "2,40", "I.U. (genomförs hösten 2021)", or a mapping
  // {value|no_data, printed, note, year, footnotes}.
  std::optional<pb::IndicatorValue> Cell(const YAML::Node& cell, const std::string& field);

  std::string file_;
  ImportDocument& doc_;
};

}  // namespace tertial::goals

#endif  // TERTIAL_GOALS_IMPORT_YAML_FIELDS_H_
