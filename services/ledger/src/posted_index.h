#ifndef TERTIAL_LEDGER_POSTED_INDEX_H_
#define TERTIAL_LEDGER_POSTED_INDEX_H_

// The ledger projection's index of vouchers posted alone (PostVouchers): what a voucher
// sent again is compared with (domain/voucher_post.h). Written by the projection for every
// VoucherPosted that counts and carries content_sha256, in the projection's step, so that
// it survives restarts and is rebuilt with the rest. Key layout (projection_keys.h):
//
//   P org be32(fiscal year) series \0 number  -> sha \0 sender id \0 import id
//   S org sender id                           -> be32(fiscal year) series \0 number \0 sha
//                                                \0 import id

#include <optional>
#include <string>
#include <string_view>

#include "domain/voucher_post.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/projection/store.h"

namespace tertial::ledger {

// Called by the projection for a VoucherPosted that counts; a compensating one (retraction_id)
// removes what its original wrote.
void IndexPostedAlone(projection::Store& store, std::string_view organisation,
                      const v1::VoucherPosted& voucher);

class ProjectionPostedIndex final : public PostedIndex {
 public:
  // `reader` must outlive the index.
  ProjectionPostedIndex(const projection::Reader* reader, std::string organisation)
      : reader_(reader), organisation_(std::move(organisation)) {}
  std::optional<PostedAlone> ByKey(int fiscal_year, std::string_view series,
                                   std::string_view number) const override;
  std::optional<PostedAlone> BySender(std::string_view sender_id) const override;

 private:
  const projection::Reader* reader_;
  std::string organisation_;
};

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_POSTED_INDEX_H_
