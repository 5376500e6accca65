#ifndef TERTIAL_LEDGER_DOMAIN_VOUCHER_POST_H_
#define TERTIAL_LEDGER_DOMAIN_VOUCHER_POST_H_

// Deciding a PostVouchers request (services/ledger/README.md, "PostVouchers"): each voucher
// accepted, duplicate or rejected, and the events of the accepted ones. Pure: the ledger
// comes from a LedgerView, the vouchers posted alone before from a PostedIndex.
//
//   key        (fiscal year, series, number), or the sender's id when given. A key posted
//              before with the same content (VoucherContentSha256) is a duplicate; with
//              other content, or by an import (whose content is not kept), it is rejected.
//   rules      VoucherRules (voucher_rules.h), the SIE import's, with text limits, against
//              the ledger plus the vouchers this request accepted before it (so that two
//              vouchers of one request cannot post one key twice or together pass an
//              account's total).
//   events     what the accepted vouchers need defined first (the fiscal years they post
//              into; accounts and objects defined by use when the policy says so), their
//              VoucherPosted, and an ImportCompleted naming the batch: one batch.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "domain/ledger_view.h"
#include "domain/voucher_rules.h"
#include "tertial/base/issues.h"
#include "tertial/ledger/v1/events.pb.h"

namespace tertial::ledger {

struct PostLimits {
  int max_vouchers = 100;  // per request
  int max_lines = 10'000;  // per voucher
};

// A voucher posted alone before, as the ledger's index keeps it.
struct PostedAlone {
  int fiscal_year = 0;
  std::string series;
  std::string number;
  std::string sender_id;
  std::string content_sha256;
  std::string import_id;
};

// The vouchers posted alone (VoucherPosted with content_sha256), by key and by sender id.
class PostedIndex {
 public:
  virtual ~PostedIndex() = default;
  virtual std::optional<PostedAlone> ByKey(int fiscal_year, std::string_view series,
                                           std::string_view number) const = 0;
  virtual std::optional<PostedAlone> BySender(std::string_view sender_id) const = 0;
};

// A voucher as sent is a VoucherPosted with what the sender gives: series, number, date,
// text, sender_id and transactions (account, objects, amount_ore, text, date); fiscal_year
// 0 or the year its date lies in. The rest is the poster's to fill.

// The SHA-256 (hex) of what a voucher says: fiscal year, series, number, date, text and
// every transaction in order (account, objects, amount, text, date); not the sender id,
// which is a key. DO NOT CHANGE: it is stored in VoucherPosted.content_sha256 and compared
// with vouchers sent again, possibly by a later release.
std::string VoucherContentSha256(const v1::VoucherPosted& voucher, int fiscal_year);

// The voucher as the SIE reader would give it; `place` (from 1) is its line, so that the
// rules' issues name the voucher's place in the request.
sie::Voucher ToSieVoucher(const v1::VoucherPosted& voucher, int place);

// What became of one voucher.
struct VoucherDecision {
  enum class Outcome { kAccepted, kDuplicate, kRejected };
  Outcome outcome = Outcome::kRejected;
  int fiscal_year = 0;  // resolved from the date once it is valid
  // File "request", line = the voucher's place; fields and wording as an SIE import's.
  std::vector<Issue> errors;
  std::vector<Issue> warnings;
  // The batch that posted it first (duplicate); empty for one earlier in this request.
  std::string import_id;
};

class VoucherPoster {
 public:
  // `view` and `index` must outlive the poster; `policy` must have text limits.
  VoucherPoster(const LedgerView* view, const PostedIndex* index, VoucherPolicy policy,
                PostLimits limits);
  ~VoucherPoster();
  VoucherPoster(const VoucherPoster&) = delete;
  VoucherPoster& operator=(const VoucherPoster&) = delete;

  // Decides the voucher at `place` (from 1) of the request, after those before it.
  VoucherDecision Post(const v1::VoucherPosted& voucher, int place);

  int64_t accepted() const { return static_cast<int64_t>(vouchers_.size()); }
  // The batch's id: from the organisation, the sender, its request id and what was
  // accepted, so that the same request decided again names the same batch.
  std::string BatchSha256(std::string_view organisation, std::string_view sender,
                          std::string_view request_id) const;
  // The batch's events in order (definitions, vouchers, `completed` with its counts filled
  // in), each with the seed of its id; empty when nothing was accepted. Every
  // VoucherPosted gets `import_id`, and accepted answers name it.
  struct Event {
    v1::LedgerEvent event;
    std::string aggregate_key;
    std::string id_seed;
    int64_t occurred_at = 0;
  };
  std::vector<Event> TakeEvents(const std::string& import_id, v1::ImportCompleted completed);

 private:
  class Overlay;
  bool CheckKey(const v1::VoucherPosted& voucher, int fiscal_year, const std::string& sha,
                int place, VoucherDecision* decision);

  const LedgerView* view_;
  const PostedIndex* index_;
  VoucherPolicy policy_;
  PostLimits limits_;
  std::unique_ptr<Overlay> overlay_;
  std::vector<v1::VoucherPosted> vouchers_;
  std::vector<std::string> warnings_;
  // Accepted in this request: key -> sha, sender id -> sha.
  std::map<std::tuple<int, std::string, std::string>, std::string> keys_;
  std::map<std::string, std::string, std::less<>> senders_;
};

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_DOMAIN_VOUCHER_POST_H_
