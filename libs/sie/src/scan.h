#ifndef TERTIAL_SIE_SRC_SCAN_H_
#define TERTIAL_SIE_SRC_SCAN_H_

// Where a field of a SIE record ends, 16 bytes at a time: shared by the field splitter and
// the reader's path for plain transactions. Both read up to 16 bytes past p + n (and ignore
// them): the caller's buffer must extend that far (kSplitPadding).

#include <cstddef>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tertial::sie::internal {

// Where a run of plain bytes ends: the first byte <= kLowest (blanks and control characters),
// DEL, kStop1, kStop2 or the end (n). Sets *high if a byte >= 0x80 comes before it. Reads up
// to 16 bytes past p + n.
template <unsigned char kLowest, char kStop1, char kStop2>
inline size_t ScanPlain(const char* p, size_t n, bool* high) {
#if defined(__SSE2__)
  const __m128i lowest = _mm_set1_epi8(static_cast<char>(kLowest));
  const __m128i stop1 = _mm_set1_epi8(kStop1);
  const __m128i stop2 = _mm_set1_epi8(kStop2);
  const __m128i del = _mm_set1_epi8(0x7F);
  for (size_t i = 0;; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    // min(x, lowest) == x: the byte is <= kLowest (unsigned).
    const __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(x, lowest), x);
    const __m128i stop =
        _mm_or_si128(_mm_or_si128(low, _mm_cmpeq_epi8(x, del)),
                     _mm_or_si128(_mm_cmpeq_epi8(x, stop1), _mm_cmpeq_epi8(x, stop2)));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(stop));
    const unsigned hi = static_cast<unsigned>(_mm_movemask_epi8(x));
    if (n - i < 16) mask |= 1u << (n - i);
    if (mask != 0) {
      const unsigned at = static_cast<unsigned>(__builtin_ctz(mask));
      if (hi & ((1u << at) - 1)) *high = true;
      return i + at;
    }
    if (hi != 0) *high = true;
  }
#else
  size_t i = 0;
  for (; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(p[i]);
    if (c <= kLowest || c == 0x7F || c == static_cast<unsigned char>(kStop1) ||
        c == static_cast<unsigned char>(kStop2)) {
      break;
    }
    if (c >= 0x80) *high = true;
  }
  return i;
#endif
}

// Where a bare field ends: the first blank, brace, control character or the end (n).
inline size_t ScanBare(const char* p, size_t n, bool* high) {
  return ScanPlain<0x20, '{', '}'>(p, n, high);
}

// Where the plain part of a quoted field ends: the first quote, backslash, control
// character or the end (n).
inline size_t ScanQuoted(const char* p, size_t n, bool* high) {
  return ScanPlain<0x1F, '"', '\\'>(p, n, high);
}

// The same two scans for a line that ends in its CR or LF (LineReader's lines): they stop
// there without being told the length. Return the length of the plain part.
#if defined(__SSE2__)
[[gnu::always_inline]] inline size_t ScanBareToEnd(const char* p, bool* high) {
  const __m128i space = _mm_set1_epi8(0x20);
  const __m128i open = _mm_set1_epi8('{');
  const __m128i close = _mm_set1_epi8('}');
  const __m128i del = _mm_set1_epi8(0x7F);
  for (size_t i = 0;; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(x, space), x);
    const __m128i stop =
        _mm_or_si128(_mm_or_si128(low, _mm_cmpeq_epi8(x, del)),
                     _mm_or_si128(_mm_cmpeq_epi8(x, open), _mm_cmpeq_epi8(x, close)));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(stop));
    const unsigned hi = static_cast<unsigned>(_mm_movemask_epi8(x));
    if (mask != 0) {
      const unsigned at = static_cast<unsigned>(__builtin_ctz(mask));
      *high |= (hi & ((1u << at) - 1)) != 0;
      return i + at;
    }
    *high |= hi != 0;
  }
}

[[gnu::always_inline]] inline size_t ScanQuotedToEnd(const char* p, bool* high) {
  const __m128i below_space = _mm_set1_epi8(0x1F);
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i del = _mm_set1_epi8(0x7F);
  for (size_t i = 0;; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(x, below_space), x);
    const __m128i stop =
        _mm_or_si128(_mm_or_si128(control, _mm_cmpeq_epi8(x, del)),
                     _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(stop));
    const unsigned hi = static_cast<unsigned>(_mm_movemask_epi8(x));
    if (mask != 0) {
      const unsigned at = static_cast<unsigned>(__builtin_ctz(mask));
      *high |= (hi & ((1u << at) - 1)) != 0;
      return i + at;
    }
    *high |= hi != 0;
  }
}
#else
inline size_t ScanBareToEnd(const char* p, bool* high) {
  size_t i = 0;
  for (;; ++i) {
    const unsigned char c = static_cast<unsigned char>(p[i]);
    if (c <= 0x20 || c == '{' || c == '}' || c == 0x7F) return i;
    if (c >= 0x80) *high = true;
  }
}
inline size_t ScanQuotedToEnd(const char* p, bool* high) {
  size_t i = 0;
  for (;; ++i) {
    const unsigned char c = static_cast<unsigned char>(p[i]);
    if (c < 0x20 || c == '"' || c == '\\' || c == 0x7F) return i;
    if (c >= 0x80) *high = true;
  }
}
#endif

}  // namespace tertial::sie::internal

#endif  // TERTIAL_SIE_SRC_SCAN_H_
