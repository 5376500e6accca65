#ifndef TERTIAL_APPS_TERTIAL_WEB_REPORT_STATUS_H_
#define TERTIAL_APPS_TERTIAL_WEB_REPORT_STATUS_H_

// What is done and what is missing in one board's report for one period, read from the
// report as the reporting service renders it (its JSON, format tertial.report.v1): the
// sections without the controllers' text, the nämndmål without an assessment, and the
// validation findings. Pure.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace tertial::web {

struct ReportStatus {
  struct Item {
    std::string id;     // section id ("economy") or goal row id ("goal:trygghet")
    std::string title;  // for people
  };
  std::string organisation_name;
  std::string board_name;
  int sections = 0;
  std::vector<Item> sections_without_text;
  int goals = 0;
  std::vector<Item> goals_without_assessment;
  int errors = 0;
  int warnings = 0;
  std::vector<std::string> table_ids;  // in report order: one CSV file each
};

// INVALID_ARGUMENT when `report_json` is not a report's JSON.
absl::StatusOr<ReportStatus> StatusOfReport(std::string_view report_json);

}  // namespace tertial::web

#endif  // TERTIAL_APPS_TERTIAL_WEB_REPORT_STATUS_H_
