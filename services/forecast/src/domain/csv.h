#ifndef TERTIAL_FORECAST_DOMAIN_CSV_H_
#define TERTIAL_FORECAST_DOMAIN_CSV_H_

// The CSV dialect every tertial importer reads (docs/formats.md): UTF-8 with an optional
// BOM, ',' or ';' as delimiter (the header's first delimiter decides), fields optionally
// quoted with '"' (a quote inside doubled, line breaks allowed inside quotes), a header
// line, empty lines skipped.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace tertial::forecast {

struct CsvRow {
  int line = 0;  // line number of the row's first line, from 1
  std::vector<std::string> fields;
};

struct CsvTable {
  char delimiter = ',';
  std::vector<std::string> header;
  std::vector<CsvRow> rows;
};

// Errors name the file and line: "adjustments.csv:7: unterminated quoted field".
absl::StatusOr<CsvTable> ReadCsv(std::string_view content, std::string_view file_name);

}  // namespace tertial::forecast

#endif  // TERTIAL_FORECAST_DOMAIN_CSV_H_
