#include "tertial/json/json.h"

#include "absl/status/status.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"

namespace tertial::json {

Value::Value() = default;

namespace {

class Parser {
 public:
  Parser(std::string_view text, std::string_view source, ParseError* error)
      : text_(text), source_(source), error_(error) {}

  absl::StatusOr<Value> Document() {
    Skip();
    auto v = ParseValue(0);
    if (!v.ok()) return v.status();
    Skip();
    if (pos_ != text_.size()) return Error("end of document after the top-level value");
    return v;
  }

 private:
  absl::Status Error(std::string_view expected) const {
    if (error_ != nullptr) *error_ = {line_, column_, StrCat("expected ", expected)};
    return absl::InvalidArgumentError(
        StrCat(source_, ":", line_, ":", column_, ": expected ", expected));
  }
  char Peek() const { return PeekAt(0); }
  char PeekAt(size_t ahead) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }
  void Advance() {
    if (pos_ >= text_.size()) return;
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(text_[pos_]) & 0xC0) != 0x80) {
      ++column_;
    }
    ++pos_;
  }
  void Skip() {
    while (pos_ < text_.size() &&
           (Peek() == ' ' || Peek() == '\n' || Peek() == '\t' || Peek() == '\r')) {
      Advance();
    }
  }
  bool Literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    for (size_t i = 0; i < word.size(); ++i) Advance();
    return true;
  }

  absl::StatusOr<Value> ParseValue(int depth) {
    if (depth > 64) return Error("at most 64 levels of nesting");
    Value v;
    v.line = line_;
    v.column = column_;
    char c = Peek();
    if (c == '{') {
      v.type = Type::kObject;
      Advance();
      Skip();
      if (Peek() == '}') {
        Advance();
        return v;
      }
      for (;;) {
        Skip();
        if (Peek() != '"') return Error("a field name in double quotes");
        auto key = ParseString();
        if (!key.ok()) return key.status();
        Skip();
        if (Peek() != ':') return Error("':' after the field name");
        Advance();
        Skip();
        auto item = ParseValue(depth + 1);
        if (!item.ok()) return item.status();
        for (const auto& [name, unused] : v.fields) {
          if (name == *key) return Error(StrCat("no second field '", *key, "' in one object"));
        }
        v.fields.emplace_back(std::move(*key), std::move(*item));
        Skip();
        if (Peek() == ',') {
          Advance();
          continue;
        }
        if (Peek() == '}') {
          Advance();
          return v;
        }
        return Error("',' or '}' in an object");
      }
    }
    if (c == '[') {
      v.type = Type::kArray;
      Advance();
      Skip();
      if (Peek() == ']') {
        Advance();
        return v;
      }
      for (;;) {
        Skip();
        auto item = ParseValue(depth + 1);
        if (!item.ok()) return item.status();
        v.items.push_back(std::move(*item));
        Skip();
        if (Peek() == ',') {
          Advance();
          continue;
        }
        if (Peek() == ']') {
          Advance();
          return v;
        }
        return Error("',' or ']' in an array");
      }
    }
    if (c == '"') {
      auto s = ParseString();
      if (!s.ok()) return s.status();
      v.type = Type::kString;
      v.text = std::move(*s);
      return v;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      v.type = Type::kNumber;
      size_t start = pos_;
      if (Peek() == '-') Advance();
      if (!IsDigit(Peek())) return Error("digits in a number");
      if (Peek() == '0' && IsDigit(PeekAt(1))) return Error("a number without leading zeros");
      while (IsDigit(Peek())) Advance();
      if (Peek() == '.') {
        Advance();
        if (!IsDigit(Peek())) return Error("digits after the decimal point");
        while (IsDigit(Peek())) Advance();
      }
      if (Peek() == 'e' || Peek() == 'E') {
        Advance();
        if (Peek() == '+' || Peek() == '-') Advance();
        if (!IsDigit(Peek())) return Error("digits in the exponent");
        while (IsDigit(Peek())) Advance();
      }
      v.text = std::string(text_.substr(start, pos_ - start));
      return v;
    }
    if (Literal("true")) {
      v.type = Type::kBool;
      v.boolean = true;
      return v;
    }
    if (Literal("false")) {
      v.type = Type::kBool;
      return v;
    }
    if (Literal("null")) return v;
    return Error("a value (object, array, string, number, true, false or null)");
  }

  absl::StatusOr<std::string> ParseString() {
    Advance();  // opening quote
    std::string out;
    for (;;) {
      if (pos_ >= text_.size()) return Error("a closing '\"' before the end of the file");
      char c = Peek();
      if (c == '"') {
        Advance();
        return out;
      }
      if (c == '\n') return Error("a closing '\"' before the end of the line");
      if (static_cast<unsigned char>(c) < 0x20) {
        return Error("no control character inside a string (write \\t, \\n or \\u00XX)");
      }
      if (static_cast<unsigned char>(c) >= 0x80) {
        size_t length = Utf8SequenceLength(text_, pos_);
        if (length == 0) return Error("UTF-8 text (save the file as UTF-8)");
        out.append(text_.substr(pos_, length));
        for (size_t i = 0; i < length; ++i) Advance();
        continue;
      }
      if (c == '\\') {
        Advance();
        char e = Peek();
        switch (e) {
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          case 'n':
            out += '\n';
            break;
          case 't':
            out += '\t';
            break;
          case 'r':
            out += '\r';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'u': {
            absl::StatusOr<uint32_t> code = HexQuad();
            if (!code.ok()) return code.status();
            if (*code >= 0xDC00 && *code <= 0xDFFF) {
              return Error("a high surrogate (\\uD800-\\uDBFF) before a low one");
            }
            if (*code >= 0xD800 && *code <= 0xDBFF) {
              Advance();
              if (Peek() != '\\' || PeekAt(1) != 'u') {
                return Error("a low surrogate (\\uDC00-\\uDFFF) after a high one");
              }
              Advance();
              absl::StatusOr<uint32_t> low = HexQuad();
              if (!low.ok()) return low.status();
              if (*low < 0xDC00 || *low > 0xDFFF) {
                return Error("a low surrogate (\\uDC00-\\uDFFF) after a high one");
              }
              *code = 0x10000 + ((*code - 0xD800) << 10) + (*low - 0xDC00);
            }
            AppendUtf8(*code, &out);
            break;
          }
          default:
            return Error("a known escape (\\\" \\\\ \\/ \\n \\t \\r \\b \\f \\uXXXX)");
        }
        Advance();
        continue;
      }
      out += c;
      Advance();
    }
  }

  // Reads the four hex digits after "\\u"; leaves the position on the last one.
  absl::StatusOr<uint32_t> HexQuad() {
    uint32_t code = 0;
    for (int i = 0; i < 4; ++i) {
      Advance();
      char h = Peek();
      int digit = (h >= '0' && h <= '9')   ? h - '0'
                  : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                  : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                           : -1;
      if (digit < 0) return Error("four hex digits after \\u");
      code = code * 16 + digit;
    }
    return code;
  }

  static void AppendUtf8(uint32_t code, std::string* out) {
    if (code < 0x80) {
      *out += static_cast<char>(code);
    } else if (code < 0x800) {
      *out += static_cast<char>(0xC0 | (code >> 6));
      *out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      *out += static_cast<char>(0xE0 | (code >> 12));
      *out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      *out += static_cast<char>(0xF0 | (code >> 18));
      *out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      *out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  std::string_view text_;
  std::string_view source_;
  ParseError* error_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace

const Value* Value::Find(std::string_view key) const {
  for (const auto& [name, value] : fields) {
    if (name == key) return &value;
  }
  return nullptr;
}

std::string_view Value::TypeName() const {
  switch (type) {
    case Type::kNull:
      return "null";
    case Type::kBool:
      return "boolean";
    case Type::kNumber:
      return "number";
    case Type::kString:
      return "string";
    case Type::kArray:
      return "array";
    case Type::kObject:
      return "object";
  }
  return "?";
}

absl::StatusOr<Value> Parse(std::string_view text, std::string_view source, ParseError* error) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return Parser(text, source, error).Document();
}

std::string Quote(std::string_view value) {
  std::string out = "\"";
  for (unsigned char c : value) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

void Writer::Separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) *out_ += ',';
    first_.back() = false;
  }
}

void Writer::BeginObject() {
  Separate();
  *out_ += '{';
  first_.push_back(true);
}
void Writer::EndObject() {
  first_.pop_back();
  *out_ += '}';
}
void Writer::BeginArray() {
  Separate();
  *out_ += '[';
  first_.push_back(true);
}
void Writer::EndArray() {
  first_.pop_back();
  *out_ += ']';
}
void Writer::Key(std::string_view key) {
  Separate();
  *out_ += Quote(key);
  *out_ += ':';
  after_key_ = true;
}
void Writer::String(std::string_view value) {
  Separate();
  *out_ += Quote(value);
}
void Writer::Int(int64_t value) {
  Separate();
  *out_ += std::to_string(value);
}
void Writer::RawNumber(std::string_view number) {
  Separate();
  out_->append(number);
}
void Writer::RawJson(std::string_view value) {
  Separate();
  out_->append(value);
}
void Writer::Bool(bool value) {
  Separate();
  *out_ += value ? "true" : "false";
}
void Writer::Null() {
  Separate();
  *out_ += "null";
}

}  // namespace tertial::json
