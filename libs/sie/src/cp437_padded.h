#ifndef TERTIAL_SIE_SRC_CP437_PADDED_H_
#define TERTIAL_SIE_SRC_CP437_PADDED_H_

// DecodeCp437 for text in the reader's buffers, where it may read and write past the ends.

#include <cstddef>
#include <string_view>

namespace tertial::sie::internal {

// Writes `cp437` decoded to UTF-8 at `out` and returns how many bytes it wrote. `cp437`
// must be followed by 15 readable bytes, and `out` must have room for 3 * cp437.size() + 16
// (it is written 16 bytes at a time).
size_t DecodeCp437Padded(std::string_view cp437, char* out);

}  // namespace tertial::sie::internal

#endif  // TERTIAL_SIE_SRC_CP437_PADDED_H_
