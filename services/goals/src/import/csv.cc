#include "import/csv.h"

#include "tertial/base/strings.h"

namespace tertial::goals {

const std::string& CsvTable::Get(const CsvRow& row, const std::string& column) const {
  static const std::string kEmpty;
  auto it = columns.find(column);
  if (it == columns.end() || it->second >= row.fields.size()) return kEmpty;
  return row.fields[it->second];
}

absl::StatusOr<CsvTable> ReadCsv(std::string_view content) {
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  // The delimiter: the first ',' or ';' of the header line (outside quotes).
  char delimiter = ',';
  for (char c : content) {
    if (c == '\n') break;
    if (c == ',' || c == ';') {
      delimiter = c;
      break;
    }
  }
  CsvTable table;
  std::vector<std::vector<std::string>> records;
  std::vector<int> lines;
  int line = 1;
  size_t i = 0;
  while (i < content.size()) {
    int start_line = line;
    std::vector<std::string> fields;
    std::string field;
    bool any = false;
    for (;;) {
      if (i < content.size() && content[i] == '"') {
        ++i;
        any = true;
        for (;;) {
          if (i >= content.size()) {
            return absl::InvalidArgumentError(
                StrCat("line ", start_line, ": a quoted field is not closed"));
          }
          if (content[i] == '"') {
            if (i + 1 < content.size() && content[i + 1] == '"') {
              field.push_back('"');
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (content[i] == '\n') ++line;
          field.push_back(content[i++]);
        }
        if (i < content.size() && content[i] != delimiter && content[i] != '\n' &&
            content[i] != '\r') {
          return absl::InvalidArgumentError(
              StrCat("line ", line, ": text after a closing quote; a quote inside a quoted "
                     "field is written \"\""));
        }
      }
      while (i < content.size() && content[i] != delimiter && content[i] != '\n') {
        if (content[i] == '"') {
          return absl::InvalidArgumentError(
              StrCat("line ", line, ": a quote inside an unquoted field; quote the field"));
        }
        if (content[i] != '\r') field.push_back(content[i]);
        any = true;
        ++i;
      }
      fields.push_back(std::move(field));
      field.clear();
      if (i < content.size() && content[i] == delimiter) {
        ++i;
        any = true;
        continue;
      }
      break;
    }
    if (i < content.size() && content[i] == '\n') {
      ++i;
      ++line;
    }
    if (!any) continue;  // an empty line
    records.push_back(std::move(fields));
    lines.push_back(start_line);
  }
  if (records.empty()) return absl::InvalidArgumentError("line 1: the header row is missing");
  table.header = records[0];
  for (size_t c = 0; c < table.header.size(); ++c) {
    std::string name = table.header[c];
    while (!name.empty() && name.back() == ' ') name.pop_back();
    while (!name.empty() && name.front() == ' ') name.erase(name.begin());
    table.header[c] = name;
    if (name.empty()) {
      return absl::InvalidArgumentError(StrCat("line ", lines[0], ": column ", c + 1, " has no name"));
    }
    if (!table.columns.emplace(name, c).second) {
      return absl::InvalidArgumentError(StrCat("line ", lines[0], ": column ", name, " twice"));
    }
  }
  for (size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() > table.header.size()) {
      return absl::InvalidArgumentError(
          StrCat("line ", lines[r], ": ", records[r].size(), " fields, but the header has ",
                 table.header.size()));
    }
    table.rows.push_back({lines[r], std::move(records[r])});
  }
  return table;
}

}  // namespace tertial::goals
