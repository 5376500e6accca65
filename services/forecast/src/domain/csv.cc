#include "domain/csv.h"

#include "tertial/base/strings.h"

namespace tertial::forecast {

absl::StatusOr<CsvTable> ReadCsv(std::string_view content, std::string_view file_name) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (content.substr(0, kBom.size()) == kBom) content.remove_prefix(kBom.size());
  CsvTable table;
  size_t first_break = content.find_first_of("\r\n");
  std::string_view header_line = content.substr(0, first_break);
  size_t delimiter = header_line.find_first_of(",;");
  if (delimiter != std::string_view::npos) table.delimiter = header_line[delimiter];

  std::vector<CsvRow> records;
  CsvRow record;
  std::string field;
  bool quoted = false, field_started = false, after_quote = false;
  int line = 1;
  record.line = 1;
  auto end_field = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
    field_started = after_quote = false;
  };
  auto end_record = [&] {
    end_field();
    bool blank = record.fields.size() == 1 && record.fields[0].empty();
    if (!blank) records.push_back(std::move(record));
    record = CsvRow();
  };
  for (size_t i = 0; i < content.size(); ++i) {
    char c = content[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < content.size() && content[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < content.size() && content[i + 1] == '\n') ++i;
      end_record();
      ++line;
      record.line = line;
      continue;
    }
    if (c == table.delimiter) {
      end_field();
      continue;
    }
    if (after_quote) {
      return absl::InvalidArgumentError(
          StrCat(file_name, ":", line,
                 ": text after a closing quote; a quote inside a quoted "
                 "field is written \"\""));
    }
    if (c == '"' && !field_started && field.empty()) {
      quoted = true;
      field_started = true;
      continue;
    }
    field_started = true;
    field.push_back(c);
  }
  if (quoted) {
    return absl::InvalidArgumentError(
        StrCat(file_name, ":", record.line, ": unterminated quoted field"));
  }
  if (!record.fields.empty() || !field.empty() || field_started) end_record();
  if (records.empty()) {
    return absl::InvalidArgumentError(StrCat(file_name, ": empty file; expected a header line"));
  }
  table.header = std::move(records.front().fields);
  records.erase(records.begin());
  table.rows = std::move(records);
  return table;
}

}  // namespace tertial::forecast
