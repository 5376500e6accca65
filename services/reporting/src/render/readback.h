#ifndef TERTIAL_SERVICES_REPORTING_SRC_RENDER_READBACK_H_
#define TERTIAL_SERVICES_REPORTING_SRC_RENDER_READBACK_H_

// Reads back what tertial's renderers wrote, so that `tertial validate` checks a report as
// it was handed on (and perhaps edited in a spreadsheet): the report's JSON model (format
// "tertial.report.v1") and its per-table CSV files (`tertial report --format csv`). Both
// carry exact öre, so the checks run with no rounding slack and give the findings the
// report itself listed. Pure. Beside the renderers (text_formats.h writes what this
// reads); readback_json.cc reads the JSON, readback_csv.cc the CSV files.
//
// CSV: one file per table, named "<table id>.csv", columns as RenderCsv writes them
// (row_id,row_kind,label,parent,unit_id, one column per table column – money as
// <id>_ore – then state, goal_id, mark, part where the table has them). The report's
// tables.csv gives each table's kind, title, unit, scope and its columns' kinds and
// labels; without it the kind is taken from the file name ("indicators_3.csv"), the unit
// from the kind, and ids stand in for titles and labels. findings.csv (the report's own
// findings) is not read: the checks are run again. The files are read by libs/csv, the one
// reader of tertial's CSV dialect: a comma or a semicolon (as a Swedish spreadsheet saves)
// separates fields, a UTF-8 byte-order mark is skipped.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/figures.h"
#include "domain/report.h"

namespace tertial::reporting {

struct ReportFile {
  std::string name;  // as the user gave it: errors name it
  std::string bytes;
};

// The JSON model. Fields this reader does not know are ignored (a newer writer's).
// Errors: "<source>:<line>:<column>: expected ...".
absl::StatusOr<Report> ParseReportJson(std::string_view text, std::string_view source);

// A report's CSV files (any subset of a report's directory). Errors:
// "<file>:<line>: ...", naming the field.
absl::StatusOr<Report> ParseReportCsv(const std::vector<ReportFile>& files);

// Whatever `tertial validate FILE...` was given: one JSON file (typed figures,
// "tertial.report-figures.v1", or the report's model, "tertial.report.v1") or CSV files.
absl::StatusOr<TypedFigures> ParseValidationInput(const std::vector<ReportFile>& files);

}  // namespace tertial::reporting

#endif  // TERTIAL_SERVICES_REPORTING_SRC_RENDER_READBACK_H_
