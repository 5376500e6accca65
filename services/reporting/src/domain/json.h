#ifndef TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_JSON_H_
#define TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_JSON_H_

// A small JSON reader that remembers where each value stood (line, column), so that an
// error in a file people typed names the line and field; and a writer that emits numbers
// exactly as given (amounts are integers of öre; nothing passes through double).

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace tertial::reporting::json {

enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };

struct Value {
  Type type = Type::kNull;
  bool boolean = false;
  std::string text;  // a string's content, or a number exactly as written
  std::vector<Value> items;                           // kArray
  std::vector<std::pair<std::string, Value>> fields;  // kObject, in file order
  int line = 0;
  int column = 0;

  const Value* Find(std::string_view key) const;
  std::string_view TypeName() const;
};

// Parses one JSON document. Errors: "<source>:<line>:<column>: <what was expected>".
absl::StatusOr<Value> Parse(std::string_view text, std::string_view source);

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
  void Bool(bool value);
  void Null();

 private:
  void Separate();
  std::string* out_;
  std::vector<bool> first_;  // per open container: nothing written yet
  bool after_key_ = false;
};

std::string Quote(std::string_view value);

}  // namespace tertial::reporting::json

#endif  // TERTIAL_SERVICES_REPORTING_SRC_DOMAIN_JSON_H_
