#ifndef TERTIAL_GOALS_IMPORT_IMPORTERS_H_
#define TERTIAL_GOALS_IMPORT_IMPORTERS_H_

// Readers of the goals service's input files (services/goals/README.md has the formats):
// a whole plan in YAML, indicator values and activity statuses in CSV, and Kolada's KPI
// data in JSON. Each turns a file into proposals for Decide, or errors that name file,
// line, field and what was expected. They read nothing but the file (and, for Kolada,
// which indicators map a KPI).

#include <string>
#include <string_view>
#include <vector>

#include "domain/decide.h"
#include "domain/state.h"

namespace tertial::goals {

struct ImportDocument {
  std::string organisation;  // as the file says; may be empty
  std::string board;
  int year = 0;
  bool whole_plan = false;  // items of the plan missing from the file are removed
  std::vector<Proposal> proposals;
  std::vector<Issue> errors;
  std::vector<Issue> warnings;
};

// Where the rows of a CSV or Kolada file belong when the file does not say.
struct ImportDefaults {
  std::string board;
  int year = 0;
};

ImportDocument ParsePlanYaml(std::string_view file, std::string_view content);
ImportDocument ParseValuesCsv(std::string_view file, std::string_view content,
                              const ImportDefaults& defaults);
ImportDocument ParseActivitiesCsv(std::string_view file, std::string_view content,
                                  const ImportDefaults& defaults);
// KPI values map to the indicators of `defaults.board` whose `kolada` names the KPI;
// the municipality must be `organisation`.
ImportDocument ParseKoladaJson(std::string_view file, std::string_view content, const State& state,
                               const std::string& organisation, const ImportDefaults& defaults);

}  // namespace tertial::goals

#endif  // TERTIAL_GOALS_IMPORT_IMPORTERS_H_
