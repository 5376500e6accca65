#ifndef TERTIAL_LEDGER_SPOOL_H_
#define TERTIAL_LEDGER_SPOOL_H_

// An upload on its way in: written to a file under the spool directory while it streams,
// hashed and counted as it comes, refused past the size limit.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tertial/base/hash.h"

namespace tertial::ledger {

// A file being received; removed when destroyed.
class Spool {
 public:
  static absl::StatusOr<std::unique_ptr<Spool>> Create(const std::string& directory,
                                                       int64_t max_bytes);
  ~Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  absl::Status Write(std::string_view data);
  // Flushes and closes; the hash is final afterwards.
  absl::Status Close();
  const std::string& path() const { return path_; }
  int64_t bytes() const { return bytes_; }
  const std::string& sha256() const { return sha256_; }

 private:
  Spool() = default;
  std::string path_;
  std::FILE* file_ = nullptr;
  int64_t bytes_ = 0;
  int64_t max_bytes_ = 0;
  Sha256 hash_;
  std::string sha256_;
};

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_SPOOL_H_
