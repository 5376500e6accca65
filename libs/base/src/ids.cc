#include "tertial/base/ids.h"

#include <cstdint>

#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"

namespace tertial::ids {
namespace {

bool AllowedAscii(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.' || c == '+';
}

uint32_t CodePoint(std::string_view text, size_t at, size_t length) {
  static constexpr unsigned char kLeadBits[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  uint32_t code = static_cast<unsigned char>(text[at]) & kLeadBits[length];
  for (size_t i = 1; i < length; ++i)
    code = (code << 6) | (static_cast<unsigned char>(text[at + i]) & 0x3Fu);
  return code;
}

// A character beyond ASCII: letters of every script, and the symbols a mis-decoded SIE
// file gives (a project "┼1" is "Å1" read as CP437), but none of what could pass for a
// space, be invisible, or look like a slash or a dot; nothing below U+00C0 (C1 controls,
// the no-break space, Latin-1's punctuation) and not × or ÷.
bool AllowedBeyondAscii(std::string_view text, size_t at, size_t length) {
  if (length < 2) return false;
  uint32_t c = CodePoint(text, at, length);
  if (c < 0xC0 || c == 0xD7 || c == 0xF7) return false;
  if (c >= 0x2000 && c <= 0x206F) return false;  // spaces, zero-width, bidi, dashes, ...
  if (c == 0x2215 || c == 0x2216 || c == 0x29F8 || c == 0x29F9) return false;  // slashes
  if (c == 0x3000) return false;                                               // ideographic space
  if (c >= 0xE000 && c <= 0xF8FF) return false;                                // private use
  if (c >= 0xFE00 && c <= 0xFE0F) return false;  // variation selectors
  if (c == 0xFEFF) return false;                 // byte order mark
  if (c >= 0xFF00 && c <= 0xFF0F) return false;  // fullwidth punctuation, its solidus
  if (c == 0xFF3C) return false;                 // fullwidth backslash
  if (c >= 0xFFF0) return false;                 // specials, noncharacters, above the BMP
  return true;
}

// "'/'", "byte \xFF", "U+0009" for a control character.
std::string Shown(std::string_view id, size_t at, size_t length) {
  if (length == 0) return StrCat("byte ", Utf8CharAt(id, at));
  unsigned char c = static_cast<unsigned char>(id[at]);
  if (length == 1 && (c < 0x20 || c == 0x7F)) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    return StrCat("U+00", std::string{kHex[c >> 4], kHex[c & 15]});
  }
  return StrCat("'", id.substr(at, length), "'");
}

}  // namespace

std::string_view Expected() {
  return "1 to 100 characters: letters (A-Z, a-z, Å, Ä, Ö, ...), digits and _ - . +, not starting "
         "with '.'";
}

std::string Problem(std::string_view id) {
  if (id.empty()) return "it is empty";
  if (id.front() == '.') return "it starts with '.'";
  int characters = 0;
  for (size_t at = 0; at < id.size();) {
    size_t length = Utf8SequenceLength(id, at);
    ++characters;
    bool ok = length == 1 ? AllowedAscii(id[at]) : AllowedBeyondAscii(id, at, length);
    if (!ok) {
      return StrCat(Shown(id, at, length), " at character ", characters,
                    " is not allowed in an id");
    }
    at += length;
  }
  if (characters > kMaxIdChars) {
    return StrCat("it has ", characters, " characters, more than ", kMaxIdChars);
  }
  return "";
}

std::string FileNamePart(std::string_view text) {
  std::string out;
  int characters = 0;
  for (size_t at = 0; at < text.size() && characters < kMaxIdChars; ++characters) {
    size_t length = Utf8SequenceLength(text, at);
    bool ok = length == 1 ? AllowedAscii(text[at]) && !(out.empty() && text[at] == '.')
                          : AllowedBeyondAscii(text, at, length);
    if (ok) {
      out.append(text.substr(at, length));
    } else {
      out.push_back('_');
    }
    at += length == 0 ? 1 : length;
  }
  return out.empty() ? "_" : out;
}

absl::Status Check(std::string_view id, std::string_view where) {
  std::string problem = Problem(id);
  if (problem.empty()) return absl::OkStatus();
  // The id is shown valid UTF-8 and cut short: it may be anything.
  std::string shown = ValidUtf8(id.substr(0, 120));
  return absl::InvalidArgumentError(StrCat(where, ": '", shown, id.size() > 120 ? "...'" : "'",
                                           " is not an id: ", problem, "; expected ", Expected()));
}

}  // namespace tertial::ids
