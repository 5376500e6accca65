#ifndef TERTIAL_CSV_READER_H_
#define TERTIAL_CSV_READER_H_

// The one reader of tertial's CSV dialect (docs/formats.md "CSV, all files"): RFC 4180 plus
//   - UTF-8, a BOM at the start is skipped;
//   - ',' or ';' as delimiter: the first one outside quotes on the first non-empty line (the
//     header) decides, ',' if that line has neither;
//   - lines end in LF or CRLF; a line of only blanks is skipped;
//   - a field may be quoted with '"' (blanks before the opening and after the closing quote
//     are ignored); inside quotes a quote is doubled ("") and delimiters and line breaks are
//     text (a CRLF inside quotes is read as LF);
//   - a quote inside an unquoted field, text after a closing quote and a quote never closed
//     are errors;
//   - bytes that are not UTF-8, and control characters but tab (and the line breaks), are
//     errors naming the line, the character column and, below the header, the field by the
//     header's name for it (tertial/base/text.h).
// Streaming: one record in memory at a time (plus a quoted field's lines).

#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace tertial::csv {

struct Record {
  int line = 0;                     // the line the record starts on, from 1
  std::vector<std::string> fields;  // as read: unquoted, not trimmed
  std::vector<int> columns;         // per field, the character column it starts at, from 1
};

// Where reading failed, and why, for callers that keep issues as (file, line, message).
struct ReadError {
  int line = 0;
  int column = 0;     // characters (not bytes) from 1
  std::string field;  // the header's name of the field the error stands in; "" if not known
  std::string message;
};

class Reader {
 public:
  // Reads from `in`, which must outlive the reader. `file` names the input in messages.
  Reader(std::istream* in, std::string file);
  // Reads from `content`, which must outlive the reader.
  Reader(std::string_view content, std::string file);
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // The next record, nullopt at the end. An error says "<file>:<line>:<column>: <what>", e.g.
  //   "budget.csv:7:12: text after the closing quote; a quote inside a quoted field is
  //    written \"\""
  // or, for a byte or character that is not text, "<file>:<line>:<column>: <field>: <what>"
  // with the field's name from the header.
  // and error() then holds its parts. Reading stops at the first error.
  absl::StatusOr<std::optional<Record>> Next();

  const ReadError& error() const { return error_; }
  const std::string& file() const { return file_; }
  // ',' or ';', known once the first record is read.
  char delimiter() const { return delimiter_; }

 private:
  // The next line; false at the end, or at a line that is not text (failed_ then says so).
  // `open_field` is the index of the quoted field the line continues, -1 for a new record.
  bool ReadLine(std::string* line, int open_field = -1);
  // The header's name of field `index`, "" if there is none yet.
  std::string FieldName(int index) const;
  absl::Status Fail(int line, int column, std::string message);
  // The error of error_.
  absl::Status Status() const;
  // What Next returns when ReadLine gave no line: the end, or the error it met.
  absl::StatusOr<std::optional<Record>> Ended();

  std::istream* in_ = nullptr;
  std::string_view content_;
  size_t offset_ = 0;
  std::string file_;
  int line_ = 0;
  char delimiter_ = 0;
  std::vector<std::string> header_;  // the first record's fields, trimmed
  ReadError error_;
  bool failed_ = false;
};

}  // namespace tertial::csv

#endif  // TERTIAL_CSV_READER_H_
