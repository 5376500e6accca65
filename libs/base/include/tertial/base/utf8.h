#ifndef TERTIAL_BASE_UTF8_H_
#define TERTIAL_BASE_UTF8_H_

// UTF-8 for messages. A message quoting what it read must never cut a character in half:
// proto3 strings must be valid UTF-8, and a message that is not is lost on the wire
// ("No message returned for unary request").

#include <cstddef>
#include <string>
#include <string_view>

namespace tertial {

// The length in bytes of the well-formed UTF-8 sequence that starts at `text[at]`, 0 if
// there is none (a stray continuation byte, a truncated or overlong sequence, a surrogate).
size_t Utf8SequenceLength(std::string_view text, size_t at);

// The character at `text[at]` as it stands: the whole code point if it is well-formed,
// else the byte written as "\xNN".
std::string Utf8CharAt(std::string_view text, size_t at);

bool IsValidUtf8(std::string_view text);

// The offset of the first byte that is not part of well-formed UTF-8, npos if there is none.
size_t FirstInvalidUtf8(std::string_view text);

// `text` with every byte that is not part of well-formed UTF-8 written as "\xNN", so that
// the result is valid UTF-8 and still says which bytes were there.
std::string ValidUtf8(std::string_view text);

}  // namespace tertial

#endif  // TERTIAL_BASE_UTF8_H_
