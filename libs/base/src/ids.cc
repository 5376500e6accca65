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

// A Latin letter of Latin-1 Supplement or Latin Extended-A/B (two UTF-8 bytes).
bool AllowedLetter(std::string_view text, size_t at, size_t length) {
  if (length != 2) return false;
  uint32_t code = ((static_cast<unsigned char>(text[at]) & 0x1Fu) << 6) |
                  (static_cast<unsigned char>(text[at + 1]) & 0x3Fu);
  return code >= 0xC0 && code <= 0x24F && code != 0xD7 && code != 0xF7;
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
  return "1 to 100 letters (A-Z, a-z, Å, Ä, Ö, ...), digits and _ - . +, not starting with '.'";
}

std::string Problem(std::string_view id) {
  if (id.empty()) return "it is empty";
  if (id.front() == '.') return "it starts with '.'";
  int characters = 0;
  for (size_t at = 0; at < id.size();) {
    size_t length = Utf8SequenceLength(id, at);
    ++characters;
    bool ok = length == 1 ? AllowedAscii(id[at]) : AllowedLetter(id, at, length);
    if (!ok) {
      return StrCat(Shown(id, at, length), " at character ", characters, " is not allowed in an id");
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
                          : AllowedLetter(text, at, length);
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
  return absl::InvalidArgumentError(
      StrCat(where, ": '", shown, id.size() > 120 ? "...'" : "'", " is not an id: ", problem,
             "; expected ", Expected()));
}

}  // namespace tertial::ids
