#include "tertial/sie/cp437.h"

#include <algorithm>
#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/strings/str_format.h"
#include "cp437_padded.h"
#include "tertial/base/strings.h"

namespace tertial::sie {
namespace {

// The code points of bytes 0x80-0xFF.
constexpr char16_t kHigh[128] = {
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,  // 80
    0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,  // 88
    0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,  // 90
    0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,  // 98
    0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,  // A0
    0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,  // A8
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,  // B0
    0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,  // B8
    0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,  // C0
    0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,  // C8
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B,  // D0
    0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,  // D8
    0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4,  // E0
    0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,  // E8
    0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248,  // F0
    0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,  // F8
};

// UTF-8 of each high byte: length in [0], bytes in [1..3].
using Utf8Table = std::array<std::array<char, 4>, 128>;

constexpr Utf8Table MakeUtf8Table() {
  Utf8Table t{};
  for (int i = 0; i < 128; ++i) {
    char32_t c = kHigh[i];
    if (c < 0x800) {
      t[i] = {2, static_cast<char>(0xC0 | (c >> 6)), static_cast<char>(0x80 | (c & 0x3F)), 0};
    } else {
      t[i] = {3, static_cast<char>(0xE0 | (c >> 12)), static_cast<char>(0x80 | ((c >> 6) & 0x3F)),
              static_cast<char>(0x80 | (c & 0x3F))};
    }
  }
  return t;
}

constexpr Utf8Table kUtf8 = MakeUtf8Table();

struct Reverse {
  char16_t code_point;
  unsigned char byte;
};

constexpr std::array<Reverse, 128> MakeReverse() {
  std::array<Reverse, 128> r{};
  for (int i = 0; i < 128; ++i) r[i] = {kHigh[i], static_cast<unsigned char>(0x80 + i)};
  std::sort(r.begin(), r.end(),
            [](const Reverse& a, const Reverse& b) { return a.code_point < b.code_point; });
  return r;
}

constexpr std::array<Reverse, 128> kReverse = MakeReverse();

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 if it is malformed.
size_t DecodeUtf8(std::string_view s, size_t i, char32_t* out) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char lead = b(0);
  size_t len;
  char32_t c;
  if (lead < 0x80) {
    *out = lead;
    return 1;
  } else if (lead >= 0xC2 && lead <= 0xDF) {
    len = 2;
    c = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    len = 3;
    c = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4;
    c = lead & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    c = (c << 6) | (b(k) & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
      (c >= 0xD800 && c <= 0xDFFF)) {
    return 0;
  }
  *out = c;
  return len;
}

}  // namespace

char32_t Cp437ToCodePoint(unsigned char byte) { return byte < 0x80 ? byte : kHigh[byte - 0x80]; }

size_t DecodeCp437(std::string_view cp437, char* out) {
  const char* in = cp437.data();
  const char* const end = in + cp437.size();
  char* o = out;
  const auto high = [&o](unsigned char b) {
    const auto& u = kUtf8[b - 0x80];
    o[0] = u[1];
    o[1] = u[2];
    o[2] = u[3];
    o += u[0];
  };
#if defined(__SSE2__)
  // While 16 bytes are left, the output has room for 16 more (three per byte consumed).
  while (end - in >= 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(x));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o), x);
    if (mask == 0) {
      in += 16;
      o += 16;
      continue;
    }
    const unsigned ascii = static_cast<unsigned>(__builtin_ctz(mask));
    in += ascii;
    o += ascii;
    high(static_cast<unsigned char>(*in++));
  }
#endif
  for (; in < end; ++in) {
    const unsigned char b = static_cast<unsigned char>(*in);
    if (b < 0x80) {
      *o++ = static_cast<char>(b);
    } else {
      high(b);
    }
  }
  return static_cast<size_t>(o - out);
}

namespace internal {

size_t DecodeCp437Padded(std::string_view cp437, char* out) {
  const char* in = cp437.data();
  const char* const end = in + cp437.size();
  char* o = out;
#if defined(__SSE2__)
  while (in < end) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(x));
    const size_t left = static_cast<size_t>(end - in);
    if (left < 16) mask = (mask & ((1u << left) - 1)) | (1u << left);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o), x);
    if (mask == 0) {
      in += 16;
      o += 16;
      continue;
    }
    const unsigned ascii = static_cast<unsigned>(__builtin_ctz(mask));
    in += ascii;
    o += ascii;
    if (in == end) break;
    const auto& u = kUtf8[static_cast<unsigned char>(*in++) - 0x80];
    o[0] = u[1];
    o[1] = u[2];
    o[2] = u[3];
    o += u[0];
  }
  return static_cast<size_t>(o - out);
#else
  return DecodeCp437(cp437, out);
#endif
}

}  // namespace internal

void AppendCp437AsUtf8(std::string_view cp437, std::string* out) {
  // At most three bytes per character: size once, write through a pointer, trim.
  const size_t old_size = out->size();
  out->resize(old_size + 3 * cp437.size());
  out->resize(old_size + DecodeCp437(cp437, out->data() + old_size));
}

bool IsValidUtf8(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size();) {
    if (static_cast<unsigned char>(bytes[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t c;
    size_t len = DecodeUtf8(bytes, i, &c);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

absl::Status AppendUtf8AsCp437(std::string_view utf8, std::string* out) {
  const size_t start = out->size();
  for (size_t i = 0; i < utf8.size();) {
    const unsigned char lead = static_cast<unsigned char>(utf8[i]);
    if (lead < 0x80) {
      out->push_back(static_cast<char>(lead));
      ++i;
      continue;
    }
    char32_t c;
    size_t len = DecodeUtf8(utf8, i, &c);
    if (len == 0) {
      out->resize(start);
      return absl::InvalidArgumentError(
          absl::StrFormat("byte %d is not valid UTF-8 (0x%02X)", i + 1, lead));
    }
    const auto* it =
        std::lower_bound(kReverse.begin(), kReverse.end(), c,
                         [](const Reverse& r, char32_t value) { return r.code_point < value; });
    if (it == kReverse.end() || it->code_point != c) {
      out->resize(start);
      return absl::InvalidArgumentError(tertial::StrCat("character '", utf8.substr(i, len), "' (",
                                                        absl::StrFormat("U+%04X", c), ") at byte ",
                                                        i + 1, " has no code in CP437 (PC8)"));
    }
    out->push_back(static_cast<char>(it->byte));
    i += len;
  }
  return absl::OkStatus();
}

}  // namespace tertial::sie
