#ifndef TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_REPORT_JSON_H_
#define TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_REPORT_JSON_H_

// What the two JSON files `tertial validate` reads share: figures typed by people
// (figures.h, "tertial.report-figures.v1") and the model of a report tertial rendered
// (render/readback.h, "tertial.report.v1"). Both start with the same header, under
// slightly different names; both name the place of an error the same way. Pure.

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "report.h"
#include "tertial/json/json.h"

namespace tertial::reporting::report_json {

// INVALID_ARGUMENT "<source>:<line>:<column>: expected <expected>".
absl::Status Expected(std::string_view source, const json::Value& at, std::string_view expected);

// The string field `key` of `object`; empty when it is missing or not a string.
std::string Str(const json::Value& object, std::string_view key);

// The names one format gives the header: its "format" value and the fields that differ.
struct Header {
  std::string_view format;        // "tertial.report-figures.v1", "tertial.report.v1"
  std::string_view board;         // "board", "board_id"
  std::string_view primary_unit;  // "primary_unit", "primary_unit_id"
};

// Checks `root`'s (an object's) "format" and reads the header into `report`: organisation,
// board and primary unit with their names, and the period (required, YYYY-MM), whose year
// is the fiscal year until the caller knows better.
absl::Status ReadHeader(std::string_view source, const json::Value& root, const Header& header,
                        Report* report);

}  // namespace tertial::reporting::report_json

#endif  // TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_REPORT_JSON_H_
