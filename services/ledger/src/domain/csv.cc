#include "domain/csv.h"

#include "tertial/base/strings.h"

namespace tertial::ledger {

bool CsvReader::ReadLine(std::string* line) {
  if (!std::getline(*in_, *line)) return false;
  ++line_;
  if (line_ == 1 && line->rfind("\xEF\xBB\xBF", 0) == 0) line->erase(0, 3);
  if (!line->empty() && line->back() == '\r') line->pop_back();
  return true;
}

absl::StatusOr<std::optional<CsvRecord>> CsvReader::Next() {
  std::string text;
  for (;;) {
    if (!ReadLine(&text)) return std::nullopt;
    if (text.find_first_not_of(" \t") != std::string::npos) break;
  }
  CsvRecord record;
  record.line = line_;
  if (delimiter_ == 0) {
    size_t at = text.find_first_of(",;");
    delimiter_ = at == std::string::npos ? ',' : text[at];
  }
  std::string field;
  bool quoted = false;      // inside quotes
  bool was_quoted = false;  // this field was quoted (and closed)
  size_t i = 0;
  for (;;) {
    if (i == text.size()) {
      if (quoted) {
        // A quoted field continues on the next line.
        if (!ReadLine(&text)) {
          return absl::InvalidArgumentError(
              StrCat("line ", record.line, ": a quoted field is not closed before the end"));
        }
        field.push_back('\n');
        i = 0;
        continue;
      }
      record.fields.push_back(std::move(field));
      return record;
    }
    char c = text[i++];
    if (quoted) {
      if (c == '"') {
        if (i < text.size() && text[i] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
          was_quoted = true;
        }
      } else {
        field.push_back(c);
      }
      continue;
    }
    if (c == delimiter_) {
      record.fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
      continue;
    }
    if (c == '"' && field.find_first_not_of(" \t") == std::string::npos && !was_quoted) {
      field.clear();
      quoted = true;
      continue;
    }
    if (was_quoted) {
      if (c == ' ' || c == '\t') continue;
      return absl::InvalidArgumentError(
          StrCat("line ", line_, ": text after the closing quote of a field"));
    }
    field.push_back(c);
  }
}

}  // namespace tertial::ledger
