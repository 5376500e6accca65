#ifndef TERTIAL_GOALS_IMPORT_PLAN_READER_H_
#define TERTIAL_GOALS_IMPORT_PLAN_READER_H_

// The reader of the whole-plan YAML (services/goals/README.md, "The plan"; ParsePlanYaml):
// the plan and its goal tree with assessments (plan_yaml.cc), the indicators with their
// rows, targets and values (plan_indicators.cc), and the activities, assignments and
// personnel figures (plan_items.cc).

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "import/yaml_fields.h"
#include "tertial/base/strings.h"

namespace tertial::goals {

class PlanReader final : public YamlFields {
 public:
  PlanReader(std::string_view file, ImportDocument& doc) : YamlFields(file, doc) {}

  // Adds the plan's proposals, errors and warnings to the document.
  void Read(std::string_view content);

 private:
  void Add(pb::GoalsEvent event, const YAML::Node& node, std::string field);
  // Whether `id` is a valid id not yet defined for `kind`; an error if not.
  bool NewId(const std::string& kind, const std::string& id, const YAML::Node& node,
             const std::string& field);

  void ReadRoot(const YAML::Node& root);
  // depth 0: focus areas, 1: municipal goals, 2: board goals.
  void ReadGoals(const YAML::Node& list, const std::string& field, int depth,
                 const std::string& parent);
  void ReadAssessments(Fields& by_key, const std::string& where, const std::string& goal,
                       const YAML::Node& node);

  void ReadIndicators(const YAML::Node& list, const std::string& goal_where,
                      const std::string& goal);
  void ReadRow(Fields& by_key, const std::string& indicator, const std::string& breakdown,
               pb::Polarity polarity, const pb::Derivation* derivation, const std::string& where);

  // A list of items (`field`, "a list of `plural`"), each a mapping of `allowed` keys with
  // an id new for `kind`: `read(node, by_key, id, where, position)` for each, `where`
  // being "kind[id]" and `position` counting the items read.
  template <typename Fn>
  void ReadList(const YAML::Node& list, const std::string& field, std::string_view plural,
                const std::string& kind, const std::set<std::string>& allowed, Fn&& read);
  template <typename Parse, typename Fn>
  void ReadStatuses(Fields& by_key, const std::string& where, const std::set<std::string>& extra,
                    Parse&& parse, Fn&& add);
  template <typename Report, typename Status>
  void CompleteStatusReport(Report* report, const pb::ValuePeriod& period, Status status, Fields& m,
                            const std::string& where);
  // The nämndmål an activity or assignment serves (goals: [a, b]).
  void ReadGoalIds(Fields& by_key, const std::string& where,
                   google::protobuf::RepeatedPtrField<std::string>* goal_ids);
  void ReadActivities(const YAML::Node& list);
  void ReadActivity(const YAML::Node& node, Fields& by_key, const std::string& id,
                    const std::string& where, int position);
  void ReadAssignments(const YAML::Node& list);
  void ReadAssignment(const YAML::Node& node, Fields& by_key, const std::string& id,
                      const std::string& where, int position);
  void ReadPersonnel(const YAML::Node& node);

  struct Deferred {
    pb::GoalsEvent event;
    YAML::Node node;
    std::string field;
  };

  std::set<std::pair<std::string, std::string>> ids_;
  pb::ValuePeriod default_period_;
  bool has_default_period_ = false;
  // Assessments follow every goal and indicator of the plan.
  std::vector<Deferred> deferred_;
};

template <typename Fn>
void PlanReader::ReadList(const YAML::Node& list, const std::string& field, std::string_view plural,
                          const std::string& kind, const std::set<std::string>& allowed,
                          Fn&& read) {
  if (!list.IsSequence()) {
    Error(list, field, StrCat("expected a list of ", plural, " (- id: ...)"));
    return;
  }
  const std::string id_field = StrCat(field, ".id");
  int position = 0;
  for (const YAML::Node& node : list) {
    Entries entries = Map(node, field, allowed);
    Fields by_key(entries.begin(), entries.end());
    std::string id = by_key.count("id") ? Text(by_key["id"], id_field) : "";
    if (!NewId(kind, id, node, id_field)) continue;
    read(node, by_key, id, StrCat(kind, "[", id, "]"), position++);
  }
}

}  // namespace tertial::goals

#endif  // TERTIAL_GOALS_IMPORT_PLAN_READER_H_
