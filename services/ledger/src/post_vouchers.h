#ifndef TERTIAL_LEDGER_POST_VOUCHERS_H_
#define TERTIAL_LEDGER_POST_VOUCHERS_H_

// PostVouchers without its wire: one request decided (domain/voucher_post.h) against the
// projection and its accepted vouchers appended as one batch, ending in an ImportCompleted
// of format POSTED_VOUCHERS (so that ListImports shows the batch and it can be retracted
// like an import).
//
// Thread-safe. Requests run one at a time, and one at a time with imports and the core's
// commands (Importer::command_mutex), as the import does: what a request checked its keys
// against is still true when it appends, and the projection has applied it (CatchUp)
// before the next request decides. Neither lock is waited for past the request's deadline.

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "domain/voucher_post.h"
#include "importer.h"
#include "tertial/eventlog/event_log.h"
#include "tertial/ledger/v1/service.pb.h"
#include "tertial/projection/runner.h"
#include "tertial/projection/store.h"

namespace tertial::ledger {

class VoucherPosting {
 public:
  using Clock = std::chrono::steady_clock;

  // All must outlive this object.
  VoucherPosting(eventlog::EventLog* log, projection::ProjectionDb* db, projection::Runner* runner,
                 Importer* importer, PostLimits limits = {});
  VoucherPosting(const VoucherPosting&) = delete;
  VoucherPosting& operator=(const VoucherPosting&) = delete;

  // Decides `request` and appends what it accepts. `actor` is who posts (the token's
  // subject); `may_read` says which organisations the caller may be told of (an unknown
  // organisation is NOT_FOUND naming those). Per-voucher problems are in the answers; the
  // status fails only when the request as a whole is refused or could not be carried out
  // (then nothing was appended, or, for UNAVAILABLE after the commit, see docs/deploy.md:
  // sending the request again is safe).
  absl::StatusOr<v1::PostVouchersResponse> Post(
      const v1::PostVouchersRequest& request, const std::string& actor, Clock::time_point deadline,
      const std::function<bool(std::string_view)>& may_read = nullptr);

  const PostLimits& limits() const { return limits_; }

 private:
  absl::Status Lock(Clock::time_point deadline, std::unique_lock<std::timed_mutex>* own,
                    std::unique_lock<std::mutex>* commands);

  eventlog::EventLog* log_;
  projection::ProjectionDb* db_;
  projection::Runner* runner_;
  Importer* importer_;
  PostLimits limits_;
  std::timed_mutex mutex_;
};

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_POST_VOUCHERS_H_
