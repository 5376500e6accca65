#ifndef TERTIAL_SIE_CHECKSUM_H_
#define TERTIAL_SIE_CHECKSUM_H_

// The CRC-32 of SIE's #KSUMMA (SIE 4B, section 10): generator polynomial EDB88320
// (reflected), preset FFFFFFFF, result inverted. This is the common CRC-32 of zlib and PNG.
//
// What it covers is the caller's business: SIE sums the labels and field contents of the
// records between the two #KSUMMA records, as CP437 bytes, without the blanks between
// fields, the quotes around fields, the backslashes of escaped quotes, or the braces of
// object lists and voucher blocks.

#include <cstdint>
#include <string_view>

namespace tertial::sie {

class Crc32 final {
 public:
  void Update(std::string_view bytes);
  void Update(char byte);
  // The checksum of everything given so far; Update may continue afterwards.
  uint32_t value() const { return ~state_; }

 private:
  uint32_t state_ = 0xFFFFFFFFu;
};

}  // namespace tertial::sie

#endif  // TERTIAL_SIE_CHECKSUM_H_
