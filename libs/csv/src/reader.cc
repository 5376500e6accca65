#include "tertial/csv/reader.h"

#include <cstdint>

#include "absl/status/status.h"
#include "tertial/base/strings.h"
#include "tertial/base/text.h"
#include "tertial/base/utf8.h"

namespace tertial::csv {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// Characters (UTF-8 code points) in `text` before byte `end`, plus one: a 1-based column.
int ColumnAt(std::string_view text, size_t end) {
  int column = 1;
  for (size_t i = 0; i < end && i < text.size(); ++i) {
    column += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  }
  return column;
}

// The first ',' or ';' outside quotes, ',' if there is none.
char DetectDelimiter(std::string_view line) {
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    if (!quoted && (c == ',' || c == ';')) return c;
  }
  return ',';
}

// The index of the field byte `at` of a record's first line stands in: delimiters outside
// quotes before it.
int FieldAt(std::string_view line, size_t at, char delimiter) {
  int field = 0;
  bool quoted = false;
  for (size_t i = 0; i < at && i < line.size(); ++i) {
    if (line[i] == '"') quoted = !quoted;
    if (!quoted && line[i] == delimiter) ++field;
  }
  return field;
}

std::string_view Trimmed(std::string_view text) {
  while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsBlank(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

Reader::Reader(std::istream* in, std::string file) : in_(in), file_(std::move(file)) {}

Reader::Reader(std::string_view content, std::string file)
    : content_(content), file_(std::move(file)) {}

std::string Reader::FieldName(int index) const {
  if (index < 0 || static_cast<size_t>(index) >= header_.size()) return "";
  return header_[index];
}

bool Reader::ReadLine(std::string* line, int open_field) {
  if (in_ != nullptr) {
    if (!std::getline(*in_, *line)) return false;
  } else {
    if (offset_ >= content_.size()) return false;
    size_t end = content_.find('\n', offset_);
    if (end == std::string_view::npos) end = content_.size();
    line->assign(content_.substr(offset_, end - offset_));
    offset_ = end + 1;
  }
  ++line_;
  if (line_ == 1 && line->rfind("\xEF\xBB\xBF", 0) == 0) line->erase(0, 3);
  if (!line->empty() && line->back() == '\r') line->pop_back();
  // Every text is UTF-8 without control characters (tertial/base/text.h): refused here,
  // where the line and column are known, before a field reaches an event.
  text::Problem problem = text::FindProblem(*line, text::Kind::kParagraph, INT64_MAX);
  if (problem.what != text::Problem::What::kNone) {
    int field = open_field >= 0   ? open_field
                : delimiter_ != 0 ? FieldAt(*line, problem.byte, delimiter_)
                                  : -1;
    (void)Fail(line_, problem.column,
               problem.what == text::Problem::What::kNotUtf8
                   ? StrCat("byte ", Utf8CharAt(*line, problem.byte),
                            " is not UTF-8; save the file as UTF-8 (tertial reads no other "
                            "encoding)")
                   : StrCat("control character ", text::CodePointName(problem.code_point),
                            "; a CSV file holds no control characters but tab and line "
                            "breaks"));
    error_.field = FieldName(field);
    return false;
  }
  return true;
}

absl::StatusOr<std::optional<Record>> Reader::Ended() {
  if (failed_) return Status();
  return std::nullopt;
}

absl::Status Reader::Status() const {
  return absl::InvalidArgumentError(
      StrCat(file_, file_.empty() ? "line " : ":", error_.line, ":", error_.column, ": ",
             error_.field.empty() ? "" : error_.field + ": ", error_.message));
}

absl::Status Reader::Fail(int line, int column, std::string message) {
  failed_ = true;
  error_ = {.line = line, .column = column, .message = std::move(message)};
  return Status();
}

absl::StatusOr<std::optional<Record>> Reader::Next() {
  if (failed_) return absl::FailedPreconditionError("the CSV reader stopped at an error");
  std::string text;
  for (;;) {
    if (!ReadLine(&text)) return Ended();
    bool blank = true;
    for (char c : text) blank = blank && IsBlank(c);
    if (!blank) break;
  }
  if (delimiter_ == 0) delimiter_ = DetectDelimiter(text);
  Record record;
  record.line = line_;
  std::string field;
  size_t i = 0;
  for (;;) {
    // At the start of a field: blanks, then perhaps an opening quote.
    size_t j = i;
    while (j < text.size() && IsBlank(text[j])) ++j;
    record.columns.push_back(ColumnAt(text, i));
    if (j < text.size() && text[j] == '"') {
      int open_line = line_;
      int open_column = ColumnAt(text, j);
      i = j + 1;
      for (;;) {
        if (i >= text.size()) {
          // A quoted field continues on the next line.
          if (!ReadLine(&text, static_cast<int>(record.fields.size()))) {
            if (failed_) return Ended();
            return Fail(open_line, open_column,
                        "a quoted field is not closed before the end of the file");
          }
          field.push_back('\n');
          i = 0;
          continue;
        }
        char c = text[i++];
        if (c != '"') {
          field.push_back(c);
        } else if (i < text.size() && text[i] == '"') {
          field.push_back('"');
          ++i;
        } else {
          break;
        }
      }
      while (i < text.size() && IsBlank(text[i])) ++i;
      if (i < text.size() && text[i] != delimiter_) {
        return Fail(line_, ColumnAt(text, i),
                    "text after the closing quote; a quote inside a quoted field is written \"\"");
      }
    } else {
      while (i < text.size() && text[i] != delimiter_) {
        if (text[i] == '"') {
          return Fail(line_, ColumnAt(text, i),
                      "a quote inside an unquoted field; quote the whole field and double the "
                      "quote (\"a \"\"b\"\"\")");
        }
        field.push_back(text[i++]);
      }
    }
    record.fields.push_back(std::move(field));
    field.clear();
    if (i >= text.size()) {
      if (header_.empty()) {
        for (const std::string& name : record.fields) header_.emplace_back(Trimmed(name));
      }
      return record;
    }
    ++i;  // the delimiter
  }
}

}  // namespace tertial::csv
