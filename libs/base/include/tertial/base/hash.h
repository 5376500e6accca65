#ifndef TERTIAL_BASE_HASH_H_
#define TERTIAL_BASE_HASH_H_

// Content hashes and ids.

#include <cstddef>
#include <string>
#include <string_view>

namespace tertial {

// SHA-256 of `data` in lower-case hex (64 characters). Incremental form for streams.
std::string Sha256Hex(std::string_view data);

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view data);
  // Lower-case hex; the object is spent afterwards.
  std::string FinishHex();

 private:
  void* context_;
};

// A random UUID (version 4), e.g. "1b4e28ba-2fa1-4d2c-883f-0016d3cca427".
std::string RandomUuid();

// `bytes` random bytes from the system's cryptographic generator, as lower-case hex: secrets
// such as the web app's session ids and CSRF tokens.
std::string RandomHex(size_t bytes);

// Whether `a` and `b` are equal, in a time that depends only on their lengths: for
// comparing a secret (a CSRF token) with what a request sent.
bool SecretsEqual(std::string_view a, std::string_view b);

// A UUID-shaped id derived from `seed` by SHA-256 (version nibble 8, "custom"): the same
// seed always gives the same id. Used for events derived from input, so that deriving them
// again gives the same ids.
std::string DeterministicUuid(std::string_view seed);

}  // namespace tertial

#endif  // TERTIAL_BASE_HASH_H_
