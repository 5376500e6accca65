#ifndef TERTIAL_SIE_CP437_H_
#define TERTIAL_SIE_CP437_H_

// IBM code page 437 ("PC8"), the character set SIE files are written in, to and from UTF-8.
// Bytes 0x00-0x7F are ASCII in both directions; 0x80-0xFF map to the 128 code points of
// the IBM PC's extended set (0x84 'ä', 0x94 'ö', 0x86 'å', 0x8E 'Ä', 0x99 'Ö', 0x8F 'Å').

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace tertial::sie {

// Appends `cp437` decoded to UTF-8. Every byte has a meaning, so this cannot fail.
void AppendCp437AsUtf8(std::string_view cp437, std::string* out);

// Writes `cp437` decoded to UTF-8 at `out`, which must have room for 3 * cp437.size()
// bytes; returns how many it wrote. ASCII runs are copied 16 bytes at a time.
size_t DecodeCp437(std::string_view cp437, char* out);

// The Unicode code point of one CP437 byte.
char32_t Cp437ToCodePoint(unsigned char byte);

// Appends `utf8` encoded as CP437. Fails (and appends nothing) on invalid UTF-8 or on a
// character CP437 does not have, naming the character and its position.
absl::Status AppendUtf8AsCp437(std::string_view utf8, std::string* out);

// True if `bytes` is well-formed UTF-8 (shortest forms, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view bytes);

}  // namespace tertial::sie

#endif  // TERTIAL_SIE_CP437_H_
