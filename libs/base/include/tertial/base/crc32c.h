#ifndef TERTIAL_BASE_CRC32C_H_
#define TERTIAL_BASE_CRC32C_H_

// CRC-32C (Castagnoli: polynomial 0x1EDC6F41, reflected 0x82F63B78, preset and final
// inversion), the checksum of iSCSI, ext4, LevelDB and Kafka's record batches. Used where
// tertial writes a file meant to be read back years later (`tertial log export`).
// Not the CRC-32 of zlib and SIE's #KSUMMA (tertial/sie/checksum.h): a different polynomial.

#include <cstdint>
#include <string_view>

namespace tertial {

// The CRC-32C of `data`, continuing from `crc` (the value of the data before it; 0 to
// start): Crc32c(b, Crc32c(a)) == Crc32c(a + b).
uint32_t Crc32c(std::string_view data, uint32_t crc = 0);

}  // namespace tertial

#endif  // TERTIAL_BASE_CRC32C_H_
