#ifndef TERTIAL_JSON_JSON_H_
#define TERTIAL_JSON_JSON_H_

// The one JSON reader and writer of tertial (RFC 8259). The reader remembers where each
// value stood (line, column), so that an error in a file people typed names the line and
// field, and keeps a number's text exactly as written (amounts are integers of öre, values
// exact decimals: nothing passes through double). It refuses what is not JSON: comments,
// single quotes, trailing commas, leading zeros, raw control characters in strings, a field
// twice in one object, bytes that are not UTF-8. The writer emits numbers as given.

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace tertial::json {

enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };

struct Value {
  // Declared here and defaulted in json.cc: Clang with libstdc++ cannot define it inline
  // while `fields` holds pairs of this still incomplete type.
  Value();

  Type type = Type::kNull;
  bool boolean = false;
  std::string text;          // a string's content, or a number exactly as written ("1e-3")
  std::vector<Value> items;  // kArray
  std::vector<std::pair<std::string, Value>> fields;  // kObject, in file order
  int line = 0;
  int column = 0;

  const Value* Find(std::string_view key) const;
  std::string_view TypeName() const;
};

// Where a document stopped being JSON, for callers that keep issues as (file, line, message).
struct ParseError {
  int line = 0;
  int column = 0;       // characters (not bytes) from 1
  std::string message;  // "expected ':' after the field name"
};

// Parses one JSON document (a BOM is skipped). Errors:
//   "<source>:<line>:<column>: expected <what>", the column counted in characters;
// `error`, if given, receives the parts.
absl::StatusOr<Value> Parse(std::string_view text, std::string_view source,
                            ParseError* error = nullptr);

// Building output: Writer appends to a string, commas and nesting handled.
class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}
  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  void Key(std::string_view key);
  void String(std::string_view value);
  void Int(int64_t value);
  void RawNumber(std::string_view number);  // e.g. "8.92"
  // A whole value written elsewhere (another serializer's JSON), as it is: the caller
  // vouches that it is one JSON value.
  void RawJson(std::string_view value);
  void Bool(bool value);
  void Null();

 private:
  void Separate();
  std::string* out_;
  std::vector<bool> first_;  // per open container: nothing written yet
  bool after_key_ = false;
};

// `value` as a JSON string literal, quotes included: '"', '\\' and control characters
// escaped, everything else (UTF-8) as it is.
std::string Quote(std::string_view value);

}  // namespace tertial::json

#endif  // TERTIAL_JSON_JSON_H_
