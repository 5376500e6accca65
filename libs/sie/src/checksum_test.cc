#include "tertial/sie/checksum.h"

#include <zlib.h>

#include <random>
#include <string>

#include "gtest/gtest.h"

namespace tertial::sie {
namespace {

uint32_t Zlib(std::string_view s) {
  return static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size())));
}

TEST(Crc32Test, EmptyInputIsZero) { EXPECT_EQ(Crc32().value(), 0u); }

TEST(Crc32Test, MatchesTheStandardCheckValue) {
  // The check value of CRC-32 (reflected EDB88320, preset and inverted): "123456789".
  Crc32 crc;
  crc.Update("123456789");
  EXPECT_EQ(crc.value(), 0xCBF43926u);
}

TEST(Crc32Test, MatchesZlibForAnySplitOfRandomBytes) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::string data(rng() % 300, '\0');
    for (char& c : data) c = static_cast<char>(rng());
    Crc32 crc;
    size_t i = 0;
    while (i < data.size()) {
      size_t n = std::min<size_t>(data.size() - i, rng() % 20);
      if (n == 1) {
        crc.Update(data[i]);
      } else {
        crc.Update(std::string_view(data).substr(i, n));
      }
      i += n;
    }
    ASSERT_EQ(crc.value(), Zlib(data)) << "round " << round;
  }
}

TEST(Crc32Test, MatchesZlibForLongBuffersAndEveryLengthAroundTheFoldSizes) {
  // Long inputs take the carry-less multiplication path where the CPU has it; lengths and
  // offsets around 64-byte folds and 16-byte tails must all agree with zlib.
  std::mt19937 rng(11);
  std::string data(70000, '\0');
  for (char& c : data) c = static_cast<char>(rng());
  for (size_t length :
       {size_t{255}, size_t{256}, size_t{257}, size_t{271}, size_t{272}, size_t{319}, size_t{320},
        size_t{1000}, size_t{4096}, size_t{65536}, size_t{69999}}) {
    for (size_t offset : {size_t{0}, size_t{1}, size_t{7}}) {
      const std::string_view piece = std::string_view(data).substr(offset, length);
      Crc32 crc;
      crc.Update("prefix");  // a running state, not only the preset
      crc.Update(piece);
      ASSERT_EQ(crc.value(), Zlib("prefix" + std::string(piece))) << length << " " << offset;
    }
  }
  for (int round = 0; round < 300; ++round) {
    const size_t length = rng() % 3000;
    const std::string_view piece = std::string_view(data).substr(rng() % 1000, length);
    Crc32 crc;
    crc.Update(piece);
    ASSERT_EQ(crc.value(), Zlib(piece)) << length;
  }
}

}  // namespace
}  // namespace tertial::sie
