#ifndef TERTIAL_LEDGER_DOMAIN_CSV_H_
#define TERTIAL_LEDGER_DOMAIN_CSV_H_

// The CSV dialect of docs/formats.md: UTF-8 (a BOM is skipped), ',' or ';' as delimiter
// (the header's first delimiter decides), fields optionally quoted with '"' and a quote
// inside doubled, a quoted field may span lines. Empty lines are skipped.

#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace tertial::ledger {

struct CsvRecord {
  int line = 0;  // where the record starts (1-based)
  std::vector<std::string> fields;
};

class CsvReader {
 public:
  // `in` must outlive the reader.
  explicit CsvReader(std::istream* in) : in_(in) {}

  // The next non-empty record, nullopt at the end; an error for an unterminated quote or
  // text after a closing quote (naming the line).
  absl::StatusOr<std::optional<CsvRecord>> Next();
  char delimiter() const { return delimiter_; }

 private:
  bool ReadLine(std::string* line);
  std::istream* in_;
  int line_ = 0;
  char delimiter_ = 0;  // decided by the first record
};

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_DOMAIN_CSV_H_
