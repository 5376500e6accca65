#include "tertial/sie/checksum.h"

#include <array>
#include <bit>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace tertial::sie {
namespace {

constexpr uint32_t kPolynomial = 0xEDB88320u;

// Eight tables for slicing-by-8: table[0] is the classic byte table of the specification's
// code example; table[k][b] advances table[k-1][b] by one more zero byte.
using Tables = std::array<std::array<uint32_t, 256>, 8>;

constexpr Tables MakeTables() {
  Tables t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t crc = i;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 1) ? (crc >> 1) ^ kPolynomial : crc >> 1;
    t[0][i] = crc;
  }
  for (uint32_t i = 0; i < 256; ++i) {
    for (int k = 1; k < 8; ++k) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFF];
  }
  return t;
}

constexpr Tables kTables = MakeTables();

#if defined(__x86_64__)
// Carry-less multiplication folding (Gopal et al., "Fast CRC Computation for Generic
// Polynomials Using PCLMULQDQ", Intel 2009) for the reflected polynomial: 64 bytes are
// folded at a time, then reduced to 32 bits with a Barrett step. The constants are
// x^k mod P for the fold distances (the same the Linux kernel's crc32-pclmul uses).
// `n` >= 64 and a multiple of 16; `crc` is the running (uninverted) register.
#define TERTIAL_PCLMUL __attribute__((target("pclmul,sse2")))

TERTIAL_PCLMUL inline __m128i Load(const unsigned char* q) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
}

// x * k (both 64-bit halves) folded onto `next`.
TERTIAL_PCLMUL inline __m128i Fold(__m128i x, __m128i k, __m128i next) {
  const __m128i lo = _mm_clmulepi64_si128(x, k, 0x00);
  const __m128i hi = _mm_clmulepi64_si128(x, k, 0x11);
  return _mm_xor_si128(_mm_xor_si128(lo, hi), next);
}

TERTIAL_PCLMUL uint32_t FoldPclmul(const unsigned char* p, size_t n, uint32_t crc) {
  const __m128i r2r1 = _mm_set_epi64x(0x1c6e41596, 0x154442bd4);
  const __m128i r4r3 = _mm_set_epi64x(0x0ccaa009e, 0x1751997d0);
  const __m128i r5 = _mm_set_epi64x(0, 0x163cd6124);
  const __m128i mask32 = _mm_set_epi32(0, 0, 0, -1);
  const __m128i poly_mu = _mm_set_epi64x(0x1F7011641, 0x1DB710641);

  __m128i x1 = _mm_xor_si128(Load(p), _mm_cvtsi32_si128(static_cast<int>(crc)));
  __m128i x2 = Load(p + 16);
  __m128i x3 = Load(p + 32);
  __m128i x4 = Load(p + 48);
  p += 64;
  n -= 64;
  while (n >= 64) {
    x1 = Fold(x1, r2r1, Load(p));
    x2 = Fold(x2, r2r1, Load(p + 16));
    x3 = Fold(x3, r2r1, Load(p + 32));
    x4 = Fold(x4, r2r1, Load(p + 48));
    p += 64;
    n -= 64;
  }
  x1 = Fold(x1, r4r3, x2);
  x1 = Fold(x1, r4r3, x3);
  x1 = Fold(x1, r4r3, x4);
  while (n >= 16) {
    x1 = Fold(x1, r4r3, Load(p));
    p += 16;
    n -= 16;
  }
  // 128 -> 64 bits (also appends 32 zero bits), 64 -> 32, then Barrett.
  x1 = _mm_xor_si128(_mm_srli_si128(x1, 8), _mm_clmulepi64_si128(r4r3, x1, 0x01));
  x1 = _mm_xor_si128(_mm_srli_si128(x1, 4),
                     _mm_clmulepi64_si128(_mm_and_si128(x1, mask32), r5, 0x00));
  __m128i t = _mm_clmulepi64_si128(_mm_and_si128(x1, mask32), poly_mu, 0x10);
  t = _mm_clmulepi64_si128(_mm_and_si128(t, mask32), poly_mu, 0x00);
  x1 = _mm_xor_si128(x1, t);
  return static_cast<uint32_t>(_mm_cvtsi128_si32(_mm_srli_si128(x1, 4)));
}
#undef TERTIAL_PCLMUL

bool HavePclmul() {
  static const bool kHave = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse2");
  return kHave;
}
#endif

}  // namespace

void Crc32::Update(char byte) {
  state_ = (state_ >> 8) ^ kTables[0][(state_ ^ static_cast<unsigned char>(byte)) & 0xFF];
}

void Crc32::Update(std::string_view bytes) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t n = bytes.size();
  uint32_t crc = state_;
#if defined(__x86_64__)
  if (n >= 256 && HavePclmul()) {
    const size_t folded = n & ~size_t{15};
    crc = FoldPclmul(p, folded, crc);
    p += folded;
    n -= folded;
  }
#endif
  while (n >= 8) {
    uint32_t lo;
    uint32_t hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + 4, 4);
    if constexpr (std::endian::native == std::endian::big) {
      lo = __builtin_bswap32(lo);
      hi = __builtin_bswap32(hi);
    }
    lo ^= crc;
    crc = kTables[7][lo & 0xFF] ^ kTables[6][(lo >> 8) & 0xFF] ^ kTables[5][(lo >> 16) & 0xFF] ^
          kTables[4][lo >> 24] ^ kTables[3][hi & 0xFF] ^ kTables[2][(hi >> 8) & 0xFF] ^
          kTables[1][(hi >> 16) & 0xFF] ^ kTables[0][hi >> 24];
    p += 8;
    n -= 8;
  }
  while (n-- > 0) crc = (crc >> 8) ^ kTables[0][(crc ^ *p++) & 0xFF];
  state_ = crc;
}

}  // namespace tertial::sie
