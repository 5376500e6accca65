#include "spool.h"

#include <unistd.h>

#include <filesystem>

#include "tertial/base/strings.h"

namespace tertial::ledger {

absl::StatusOr<std::unique_ptr<Spool>> Spool::Create(const std::string& directory,
                                                     int64_t max_bytes) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  std::string pattern = directory + "/upload-XXXXXX";
  int fd = mkstemp(pattern.data());
  if (fd < 0) return absl::UnavailableError(StrCat("cannot create a spool file in ", directory));
  std::unique_ptr<Spool> spool(new Spool());
  spool->path_ = pattern;
  spool->file_ = fdopen(fd, "wb");
  spool->max_bytes_ = max_bytes;
  if (spool->file_ == nullptr) {
    ::close(fd);
    return absl::UnavailableError("cannot open the spool file");
  }
  return spool;
}

Spool::~Spool() {
  if (file_ != nullptr) std::fclose(file_);
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

absl::Status Spool::Write(std::string_view data) {
  if (bytes_ + static_cast<int64_t>(data.size()) > max_bytes_) {
    return absl::ResourceExhaustedError(
        StrCat("the file is larger than the ", max_bytes_ >> 20,
               " MiB an import accepts (TERTIAL_MAX_IMPORT_BYTES)"));
  }
  if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) {
    return absl::UnavailableError("cannot write the spool file (disk full?)");
  }
  hash_.Update(data);
  bytes_ += static_cast<int64_t>(data.size());
  return absl::OkStatus();
}

absl::Status Spool::Close() {
  if (file_ == nullptr) return absl::OkStatus();
  int closed = std::fclose(file_);
  file_ = nullptr;
  sha256_ = hash_.FinishHex();
  if (closed != 0) return absl::UnavailableError("cannot write the spool file (disk full?)");
  return absl::OkStatus();
}

}  // namespace tertial::ledger
