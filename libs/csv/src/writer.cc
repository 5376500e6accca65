#include "tertial/csv/writer.h"

namespace tertial::csv {

std::string Field(std::string_view value, char delimiter) {
  bool quote = value.find_first_of("\"\n\r") != std::string_view::npos ||
               value.find(delimiter) != std::string_view::npos ||
               (!value.empty() && (value.front() == ' ' || value.front() == '\t' ||
                                   value.back() == ' ' || value.back() == '\t'));
  if (!quote) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Row(const std::vector<std::string>& fields, char delimiter) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += delimiter;
    out += Field(fields[i], delimiter);
  }
  return out + "\n";
}

}  // namespace tertial::csv
