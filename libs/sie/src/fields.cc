#include "fields.h"

#include <array>

namespace tertial::sie::internal {
namespace {

enum Class : uint8_t {
  kPlain = 0,
  kHigh = 1,
  kBlank = 2,
  kQuote = 4,
  kOpen = 8,
  kClose = 16,
  kBackslash = 32,
  kControl = 64,
};

constexpr std::array<uint8_t, 256> MakeClasses() {
  std::array<uint8_t, 256> c{};
  for (int i = 0; i < 256; ++i) {
    if (i < 0x20 || i == 0x7F) c[i] = kControl;
    if (i >= 0x80) c[i] = kHigh;
  }
  c[' '] = kBlank;
  c['\t'] = kBlank;
  c['"'] = kQuote;
  c['{'] = kOpen;
  c['}'] = kClose;
  c['\\'] = kBackslash;
  return c;
}

constexpr std::array<uint8_t, 256> kClasses = MakeClasses();

inline uint8_t ClassOf(char c) { return kClasses[static_cast<unsigned char>(c)]; }

}  // namespace

FieldSplitter::Result FieldSplitter::Split(std::string_view line) {
  fields_.clear();
  items_.clear();
  unescaped_.clear();
  // Unescaped fields are never longer than the line, so views into unescaped_ stay valid.
  if (unescaped_.capacity() < line.size()) unescaped_.reserve(line.size());
  repaired_ = false;
  unterminated_ = false;
  const char* const base = line.data();
  const size_t n = line.size();
  size_t i = 0;
  bool in_list = false;
  const auto fail = [&](Result result, size_t at) {
    error_column_ = static_cast<int>(at) + 1;
    if (result == Result::kControlCharacter) control_ = static_cast<unsigned char>(base[at]);
    return result;
  };

  while (i < n) {
    uint8_t cls = ClassOf(base[i]);
    if (cls == kBlank) {
      ++i;
      continue;
    }
    if (cls == kControl) return fail(Result::kControlCharacter, i);
    if (cls == kOpen) {
      if (in_list) return fail(Result::kNestedList, i);
      Field list;
      list.column = static_cast<int>(i) + 1;
      list.is_list = true;
      list.first = static_cast<uint32_t>(items_.size());
      fields_.push_back(list);
      in_list = true;
      ++i;
      continue;
    }
    if (cls == kClose) {
      if (!in_list) return fail(Result::kStrayClose, i);
      Field& list = fields_.back();
      list.count = static_cast<uint32_t>(items_.size()) - list.first;
      in_list = false;
      ++i;
      continue;
    }

    Field field;
    field.column = static_cast<int>(i) + 1;
    uint8_t seen = 0;
    if (cls == kQuote) {
      field.quoted = true;
      const size_t start = ++i;
      // Fast path: no escapes, the field is a view into the line.
      while (i < n) {
        cls = ClassOf(base[i]);
        if (cls & (kQuote | kBackslash | kControl)) break;
        seen |= cls;
        ++i;
      }
      if (i < n && cls == kQuote) {
        field.text = std::string_view(base + start, i - start);
        ++i;
      } else if (i < n && cls == kControl) {
        return fail(Result::kControlCharacter, i);
      } else {
        // Escapes (or no closing quote): unescape into our buffer.
        const size_t out_start = unescaped_.size();
        unescaped_.append(base + start, i - start);
        bool closed = false;
        while (i < n) {
          char c = base[i];
          cls = ClassOf(c);
          if (cls == kControl) return fail(Result::kControlCharacter, i);
          if (cls == kQuote) {
            closed = true;
            ++i;
            break;
          }
          if (cls == kBackslash && i + 1 < n && (base[i + 1] == '"' || base[i + 1] == '\\')) {
            c = base[i + 1];
            i += 2;
          } else {
            ++i;
          }
          seen |= ClassOf(c);
          unescaped_.push_back(c);
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
    } else {
      const size_t start = i;
      while (i < n) {
        cls = ClassOf(base[i]);
        if (cls & (kBlank | kOpen | kClose | kControl)) break;
        seen |= cls;
        ++i;
      }
      if (i < n && cls == kControl) return fail(Result::kControlCharacter, i);
      field.text = std::string_view(base + start, i - start);
    }
    field.high = (seen & kHigh) != 0;
    if (in_list) {
      items_.push_back(field);
    } else {
      fields_.push_back(field);
    }
  }
  if (in_list) return fail(Result::kUnclosedList, static_cast<size_t>(fields_.back().column - 1));
  return Result::kOk;
}

}  // namespace tertial::sie::internal
