#ifndef TERTIAL_BASE_TEXT_H_
#define TERTIAL_BASE_TEXT_H_

// What a text may hold before it enters an event (docs/formats.md "Text"). Every text is
// checked once, where it enters tertial (a request field, a CSV or SIE field, a file the
// CLI reads): it must be valid UTF-8, hold no control characters but those its kind allows,
// and be no longer than its kind's limit. A text that fails gets an error naming the field,
// the character and its position, or the limit; nothing is appended.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tertial::text {

// DO NOT RENUMBER: the values are those of tertial.common.v1.TextKind (text.proto).
enum class Kind {
  // One line: names, titles, ids, codes, actors, periods. No control character at all.
  kLine = 0,
  // Free text that may run over lines: reasons, comments, rationales, descriptions. Tab,
  // line feed and carriage return are allowed; other control characters are not.
  kParagraph = 1,
  // A narrative section (markdown): as kParagraph, with a larger limit.
  kDocument = 2,
};

std::string_view KindName(Kind kind);  // "line", "paragraph", "document"

// Limits in characters (Unicode code points, not bytes: a character takes 1-4 bytes).
// Defaults that real use never reaches; configurable per process (the --max-*-chars
// flags of the servers and the in-process CLI, apps/host/server_flags.h).
struct Limits {
  int64_t line_chars = 1'000;
  int64_t paragraph_chars = 10'000;
  int64_t document_chars = 262'144;

  int64_t For(Kind kind) const;
  // The flag and environment variable that set the limit of `kind`.
  static std::string_view FlagFor(Kind kind);  // "max-line-chars", ...
  static std::string_view EnvFor(Kind kind);   // "TERTIAL_MAX_LINE_CHARS", ...
};

// The limits of this process: the defaults until SetLimits is called. Thread-safe.
Limits CurrentLimits();
void SetLimits(const Limits& limits);

// Whether `c` (a code point) is a control character a text of `kind` may not hold: C0
// (U+0000-U+001F) but for tab, LF and CR in paragraphs and documents; DEL (U+007F); C1
// (U+0080-U+009F, which in a Swedish text are almost always Windows-1252 read as Latin-1).
bool IsForbiddenControl(char32_t c, Kind kind);

// Where a text's first problem is.
struct Problem {
  enum class What { kNone, kNotUtf8, kControl, kTooLong };
  What what = What::kNone;
  size_t byte = 0;        // offset of the bad byte or character
  int64_t character = 0;  // its position in characters, from 1
  int line = 1;           // its line and column (characters) within the text, from 1
  int column = 1;
  unsigned char bad_byte = 0;  // the byte that is not UTF-8
  char32_t code_point = 0;     // the control character
  int64_t length = 0;          // the text's length in characters (kTooLong)
};
Problem FindProblem(std::string_view text, Kind kind, int64_t limit);

// Checks `text`, the value of `field` (named as the user knows it: "reason", "--reason",
// "units.csv:7: name"). INVALID_ARGUMENT, for example:
//   "reason: byte \x94 at character 3 is not UTF-8; text must be UTF-8"
//   "name: control character U+0007 at character 5; a line of text holds none"
//   "markdown: 300 000 characters, more than the 262 144 a document may hold
//    (--max-document-chars, TERTIAL_MAX_DOCUMENT_CHARS)"
// A multi-line text's position says line and column too.
absl::Status Check(std::string_view text, Kind kind, std::string_view field, const Limits& limits);
absl::Status Check(std::string_view text, Kind kind, std::string_view field);

// What Check says after "<field>: ", or "" if `text` is fine: for callers that report
// the field their own way (an importer's issue list: file, line, field, message).
std::string ProblemOf(std::string_view text, Kind kind, const Limits& limits);
std::string ProblemOf(std::string_view text, Kind kind);

// "U+0007".
std::string CodePointName(char32_t c);

// The message of a problem, without the field: what Check puts after "<field>: ".
std::string Describe(const Problem& problem, Kind kind, int64_t limit);

}  // namespace tertial::text

#endif  // TERTIAL_BASE_TEXT_H_
