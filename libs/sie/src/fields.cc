#include "fields.h"

#include <array>

#include "scan.h"

namespace tertial::sie::internal {
namespace {

inline bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7F; }

// What a byte is where a field may start.
enum Kind : uint8_t { kBare, kBlank, kQuote, kOpen, kClose, kControl };

constexpr std::array<uint8_t, 256> MakeKinds() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = kControl;
  t[0x7F] = kControl;
  t[' '] = kBlank;
  t['\t'] = kBlank;
  t['"'] = kQuote;
  t['{'] = kOpen;
  t['}'] = kClose;
  return t;
}
constexpr std::array<uint8_t, 256> kKinds = MakeKinds();

inline Kind KindOf(char c) { return static_cast<Kind>(kKinds[static_cast<unsigned char>(c)]); }

}  // namespace

FieldSplitter::Result FieldSplitter::Split(std::string_view line) {
  const char* const base = line.data();
  const size_t n = line.size();
  // A field takes at least one byte and a separator (or a brace), so this bounds them.
  if (field_storage_.size() < n / 2 + 2) field_storage_.resize(n / 2 + 2);
  if (item_storage_.size() < n / 2 + 2) item_storage_.resize(n / 2 + 2);
  repaired_ = false;
  unterminated_ = false;
  Field* const fields = field_storage_.data();
  Field* const items = item_storage_.data();
  size_t nfields = 0;
  size_t nitems = 0;
  fields_.data_ = fields;
  fields_.size_ = 0;
  items_.data_ = items;
  items_.size_ = 0;
  // Unescaped fields are never longer than the line, so views into unescaped_ stay valid.
  unescaped_.clear();
  if (unescaped_.capacity() < n) unescaped_.reserve(n);
  bool in_list = false;
  const auto fail = [&](Result result, size_t at) {
    error_column_ = static_cast<int>(at) + 1;
    if (result == Result::kControlCharacter) control_ = static_cast<unsigned char>(base[at]);
    return result;
  };

  size_t i = 0;
  while (i < n) {
    const char c = base[i];
    const Kind kind = KindOf(c);
    if (kind == kBare) {
      // Most fields: account, amount, date, dimension, label.
      bool high = false;
      const size_t length = ScanBare(base + i, n - i, &high);
      Field& field = in_list ? items[nitems++] : fields[nfields++];
      field.text = std::string_view(base + i, length);
      field.column = static_cast<int32_t>(i) + 1;
      field.quoted = false;
      field.is_list = false;
      field.high = high;
      field.first = field.count = 0;
      i += length;
      if (i < n && KindOf(base[i]) == kControl) return fail(Result::kControlCharacter, i);
      continue;
    }
    if (kind == kBlank) {
      ++i;
      continue;
    }
    if (kind == kOpen) {
      if (in_list) return fail(Result::kNestedList, i);
      Field& list = fields[nfields++];
      list = Field();
      list.column = static_cast<int32_t>(i) + 1;
      list.is_list = true;
      list.first = static_cast<uint32_t>(nitems);
      in_list = true;
      ++i;
      continue;
    }
    if (kind == kClose) {
      if (!in_list) return fail(Result::kStrayClose, i);
      Field& list = fields[nfields - 1];
      list.count = static_cast<uint32_t>(nitems) - list.first;
      in_list = false;
      ++i;
      continue;
    }
    if (kind == kControl) return fail(Result::kControlCharacter, i);

    Field& field = in_list ? items[nitems++] : fields[nfields++];
    field.column = static_cast<int32_t>(i) + 1;
    field.is_list = false;
    field.first = field.count = 0;
    bool high = false;
    {
      field.quoted = true;
      const size_t start = ++i;
      i += ScanQuoted(base + i, n - i, &high);
      if (i < n && base[i] == '"') {
        field.text = std::string_view(base + start, i - start);  // no escapes: a view
        ++i;
      } else if (i < n && IsControl(static_cast<unsigned char>(base[i]))) {
        return fail(Result::kControlCharacter, i);
      } else {
        // Escapes (or no closing quote): unescape into our buffer.
        const size_t out_start = unescaped_.size();
        unescaped_.append(base + start, i - start);
        bool closed = false;
        while (i < n) {
          char b = base[i];
          if (IsControl(static_cast<unsigned char>(b))) return fail(Result::kControlCharacter, i);
          if (b == '"') {
            closed = true;
            ++i;
            break;
          }
          if (b == '\\' && i + 1 < n && (base[i + 1] == '"' || base[i + 1] == '\\')) {
            b = base[i + 1];
            i += 2;
          } else {
            ++i;
          }
          if (static_cast<unsigned char>(b) >= 0x80) high = true;
          unescaped_.push_back(b);
        }
        if (!closed) {
          // A field ending in a backslash ("C:\SIE\") reads as an escaped quote; when that
          // quote is the last byte of the line, it can only have been the closing one.
          if (n - start >= 2 && base[n - 1] == '"' && base[n - 2] == '\\' &&
              unescaped_.size() > out_start && unescaped_.back() == '"') {
            unescaped_.back() = '\\';
            repaired_ = true;
          } else {
            unterminated_ = true;
            error_column_ = static_cast<int>(start);
          }
        }
        field.text = std::string_view(unescaped_.data() + out_start, unescaped_.size() - out_start);
      }
    }
    field.high = high;
  }
  fields_.size_ = nfields;
  items_.size_ = nitems;
  if (in_list)
    return fail(Result::kUnclosedList, static_cast<size_t>(fields[nfields - 1].column - 1));
  return Result::kOk;
}

}  // namespace tertial::sie::internal
