#ifndef TERTIAL_SIE_SRC_FIELDS_H_
#define TERTIAL_SIE_SRC_FIELDS_H_

// Splits one SIE record (a line) into fields, following SIE 4B section 5.7: fields are
// separated by blanks or tabs; any field may be quoted; \" inside quotes is a quote (and,
// as real files write it, \\ a backslash; any other backslash is itself); {...} is an
// object list whose items are fields in turn. Control characters are refused. A quoted
// field without its closing quote runs to the end of the line (real files truncate text).
//
// Fields are views into the line, or into the splitter's own buffer when unescaping changed
// them; both stay valid until the next Split. Nothing is allocated per field once the
// buffers have grown to the longest line.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tertial::sie::internal {

// Split reads up to this many bytes past the end of the line (and ignores them), so that
// it can scan 16 bytes at a time: the caller's buffer must extend that far.
inline constexpr size_t kSplitPadding = 16;

struct Field {
  std::string_view text;  // raw CP437 (or UTF-8) bytes, unescaped, without quotes
  int32_t column = 0;     // 1-based, where the field starts
  bool quoted = false;
  bool is_list = false;  // an object list: its items are items()[first, first + count)
  bool high = false;     // contains bytes >= 0x80
  uint32_t first = 0;
  uint32_t count = 0;
};

// Fields by position: at(0) is the label.
class FieldList {
 public:
  size_t size() const { return size_; }
  const Field& operator[](size_t i) const { return data_[i]; }
  const Field* begin() const { return data_; }
  const Field* end() const { return data_ + size_; }

 private:
  friend class FieldSplitter;
  const Field* data_ = nullptr;
  size_t size_ = 0;
};

class FieldSplitter final {
 public:
  enum class Result {
    kOk,
    kControlCharacter,  // a byte 0x00-0x1F (other than tab) or 0x7F
    kNestedList,        // { inside { }
    kUnclosedList,      // { without }
    kStrayClose,        // } outside { }
  };

  // Splits `line`, which must be followed by kSplitPadding readable bytes (fields are
  // scanned 16 bytes at a time). On failure, error_column() says where.
  Result Split(std::string_view line);

  const FieldList& fields() const { return fields_; }
  const FieldList& list_items() const { return items_; }
  int error_column() const { return error_column_; }
  // The control character found, for the message.
  unsigned char control_character() const { return control_; }
  // A quoted field ending in \" at the end of the line was read as ending in a backslash.
  bool repaired_final_backslash() const { return repaired_; }
  // A quoted field had no closing quote and was read to the end of the line; its column is
  // error_column(). Only the last field can be unterminated, so this is unambiguous.
  bool unterminated_quote() const { return unterminated_; }

 private:
  std::vector<Field> field_storage_;
  std::vector<Field> item_storage_;
  FieldList fields_;
  FieldList items_;
  std::string unescaped_;
  int error_column_ = 0;
  unsigned char control_ = 0;
  bool repaired_ = false;
  bool unterminated_ = false;
};

}  // namespace tertial::sie::internal

#endif  // TERTIAL_SIE_SRC_FIELDS_H_
