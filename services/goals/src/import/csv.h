#ifndef TERTIAL_GOALS_IMPORT_CSV_H_
#define TERTIAL_GOALS_IMPORT_CSV_H_

// CSV as docs/formats.md describes it for every tertial file: UTF-8 (a BOM is skipped),
// ',' or ';' as delimiter (the header's first one decides), fields optionally quoted with
// '"' and a quote inside doubled, a header row of lower-case column names, empty lines
// skipped.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace tertial::goals {

struct CsvRow {
  int line = 0;  // 1-based line the row starts on
  std::vector<std::string> fields;
};

struct CsvTable {
  std::vector<std::string> header;
  std::map<std::string, size_t> columns;  // name -> index
  std::vector<CsvRow> rows;

  // The field of `column` in `row`, "" if the column is absent or the row is short.
  const std::string& Get(const CsvRow& row, const std::string& column) const;
  bool Has(const std::string& column) const { return columns.count(column) > 0; }
};

// Errors name the line. Rows with more fields than the header are an error.
absl::StatusOr<CsvTable> ReadCsv(std::string_view content);

}  // namespace tertial::goals

#endif  // TERTIAL_GOALS_IMPORT_CSV_H_
