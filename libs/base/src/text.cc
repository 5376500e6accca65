#include "tertial/base/text.h"

#include <cstdio>
#include <mutex>
#include <optional>

#include "absl/strings/numbers.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"

namespace tertial::text {
namespace {

std::mutex& LimitsMutex() {
  static std::mutex mutex;
  return mutex;
}

std::optional<Limits>& ProcessLimits() {
  static std::optional<Limits> limits;
  return limits;
}

// The code point of the well-formed sequence of `length` bytes at text[at].
char32_t Decode(std::string_view text, size_t at, size_t length) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[at + i]); };
  if (length == 1) return byte(0);
  char32_t code = byte(0) & (0x7F >> length);
  for (size_t i = 1; i < length; ++i) code = (code << 6) | (byte(i) & 0x3F);
  return code;
}

std::string HexByte(unsigned char c) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "\\x%02X", static_cast<unsigned>(c));
  return buffer;
}

}  // namespace

std::string CodePointName(char32_t c) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(c));
  return buffer;
}

std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kLine:
      return "line";
    case Kind::kParagraph:
      return "paragraph";
    case Kind::kDocument:
      return "document";
  }
  return "line";
}

int64_t Limits::For(Kind kind) const {
  switch (kind) {
    case Kind::kLine:
      return line_chars;
    case Kind::kParagraph:
      return paragraph_chars;
    case Kind::kDocument:
      return document_chars;
  }
  return line_chars;
}

std::string_view Limits::FlagFor(Kind kind) {
  switch (kind) {
    case Kind::kLine:
      return "max-line-chars";
    case Kind::kParagraph:
      return "max-paragraph-chars";
    case Kind::kDocument:
      return "max-document-chars";
  }
  return "max-line-chars";
}

std::string_view Limits::EnvFor(Kind kind) {
  switch (kind) {
    case Kind::kLine:
      return "TERTIAL_MAX_LINE_CHARS";
    case Kind::kParagraph:
      return "TERTIAL_MAX_PARAGRAPH_CHARS";
    case Kind::kDocument:
      return "TERTIAL_MAX_DOCUMENT_CHARS";
  }
  return "TERTIAL_MAX_LINE_CHARS";
}

Limits CurrentLimits() {
  std::lock_guard<std::mutex> guard(LimitsMutex());
  std::optional<Limits>& limits = ProcessLimits();
  if (!limits) limits = Limits();
  return *limits;
}

void SetLimits(const Limits& limits) {
  std::lock_guard<std::mutex> guard(LimitsMutex());
  ProcessLimits() = limits;
}

bool IsForbiddenControl(char32_t c, Kind kind) {
  if (c == '\t' || c == '\n' || c == '\r') return kind == Kind::kLine;
  return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

Problem FindProblem(std::string_view text, Kind kind, int64_t limit) {
  Problem p;
  int64_t characters = 0;
  int line = 1;
  int column = 1;
  for (size_t i = 0; i < text.size();) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    // ASCII that is not a control character: the common case, one byte at a time.
    size_t length = lead >= 0x20 && lead < 0x7F ? 1 : Utf8SequenceLength(text, i);
    ++characters;
    if (length == 0) {
      Problem bad{Problem::What::kNotUtf8, i, characters, line, column};
      bad.bad_byte = lead;
      return bad;
    }
    if (length > 1 || lead < 0x20 || lead == 0x7F) {
      char32_t c = Decode(text, i, length);
      if (IsForbiddenControl(c, kind)) {
        Problem control{Problem::What::kControl, i, characters, line, column};
        control.code_point = c;
        return control;
      }
      if (c == '\n') {
        ++line;
        column = 0;
      }
    }
    ++column;
    i += length;
  }
  if (characters > limit) {
    p.what = Problem::What::kTooLong;
    p.length = characters;
  }
  return p;
}

std::string Describe(const Problem& p, Kind kind, int64_t limit) {
  std::string where = StrCat("character ", p.character);
  if (kind != Kind::kLine && p.line > 1) {
    where = StrCat("line ", p.line, ", column ", p.column, " (character ", p.character, ")");
  }
  switch (p.what) {
    case Problem::What::kNone:
      return "";
    case Problem::What::kNotUtf8:
      return StrCat("byte ", HexByte(p.bad_byte), " at ", where,
                    " is not UTF-8; text must be UTF-8");
    case Problem::What::kControl:
      return StrCat("control character ", CodePointName(p.code_point), " at ", where, "; ",
                    kind == Kind::kLine
                        ? "a line of text holds no control characters"
                        : "text holds no control characters but tab and line breaks");
    case Problem::What::kTooLong:
      return StrCat(p.length, " characters, more than the ", limit, " a ", KindName(kind),
                    " of text may hold (--", Limits::FlagFor(kind), ", ", Limits::EnvFor(kind),
                    ")");
  }
  return "";
}

std::string ProblemOf(std::string_view text, Kind kind, const Limits& limits) {
  const int64_t limit = limits.For(kind);
  return Describe(FindProblem(text, kind, limit), kind, limit);
}

std::string ProblemOf(std::string_view text, Kind kind) {
  return ProblemOf(text, kind, CurrentLimits());
}

absl::Status Check(std::string_view text, Kind kind, std::string_view field, const Limits& limits) {
  const int64_t limit = limits.For(kind);
  Problem p = FindProblem(text, kind, limit);
  if (p.what == Problem::What::kNone) return absl::OkStatus();
  return absl::InvalidArgumentError(StrCat(ValidUtf8(field), ": ", Describe(p, kind, limit)));
}

absl::Status Check(std::string_view text, Kind kind, std::string_view field) {
  return Check(text, kind, field, CurrentLimits());
}

}  // namespace tertial::text
