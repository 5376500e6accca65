#ifndef TERTIAL_CHART_VOUCHER_INDEX_H_
#define TERTIAL_CHART_VOUCHER_INDEX_H_

// Which VoucherPosted events of the ledger topic count. The import never posts a voucher
// key twice, but the log may still hold one twice — a retried Kafka commit whose first
// attempt did land, two writers — and every projection of the ledger topic must then count
// it once, the same way. The rule (docs/events.md):
//
//   - A voucher with a number, not marked `number_repeated`, counts the first time its key
//     (organisation, fiscal year, series, number) appears; a later one is a copy.
//   - Any other voucher (no number, as in SIE 4I, or `number_repeated`: the file repeats
//     the number and each such voucher counts) is a copy when the import it names has
//     completed (ImportCompleted) before it appears: an import's vouchers all precede
//     its ImportCompleted, so only a second copy of the batch comes after it.
//   - A voucher without number and import id always counts.
//   - A compensating voucher (`retraction_id` set: a retraction takes back the voucher of
//     the same key or, without a plain key, of the same import and line) counts when the
//     voucher it takes back counts now, and frees that voucher's key, so that the same
//     voucher imported again counts anew; a second copy of it finds nothing to take back.
//
// A projection keeps the index in its own store, beside its own keys, under a prefix it
// chooses, and drives it from its Projection hooks: BeginStep, Admit for every
// VoucherPosted (count the voucher only if it returns true), Completed for every
// ImportCompleted, EndStep. Key layout under prefix P (the ledger's, with P empty, since
// the ledger's first projection; DO NOT CHANGE without a rebuild):
//
//   P N \0 org \0 be32(fiscal year) series              IntervalSet of plain numbers
//   P v \0 org \0 be32(fiscal year) series \0 number    import id (other numbers)
//   P w \0 org \0 be32(fiscal year)                     the only import posting, or "*"
//   P x \0 org \0 import id                             "" once ImportCompleted applied
//   P r \0 org \0 import id \0 be32(line)               "" once a voucher without a plain
//                                                      key was taken back (compensated)
//
// Not thread-safe; one per projection, used by its runner's thread.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "tertial/chart/interval_set.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/projection/store.h"

namespace tertial::chart {

class VoucherIndex {
 public:
  explicit VoucherIndex(std::string prefix = "") : prefix_(std::move(prefix)) {}
  VoucherIndex(const VoucherIndex&) = delete;
  VoucherIndex& operator=(const VoucherIndex&) = delete;

  // Forgets what an earlier (possibly failed) step gathered.
  void BeginStep();
  // True if `voucher` counts: the first appearance of its key (see above).
  absl::StatusOr<bool> Admit(projection::Store& store, std::string_view organisation,
                             const ledger::v1::VoucherPosted& voucher);
  // The import's ImportCompleted was applied.
  void Completed(projection::Store& store, std::string_view organisation,
                 std::string_view import_id);
  // Writes what the step gathered.
  absl::Status EndStep(projection::Store& store);

  // Keys, for the read side and for projections that look at them.
  std::string NumbersKey(std::string_view organisation, int fiscal_year,
                         std::string_view series) const;
  std::string VoucherKey(std::string_view organisation, int fiscal_year, std::string_view series,
                         std::string_view number) const;
  std::string YearKey(std::string_view organisation, int fiscal_year) const;
  std::string CompletedKey(std::string_view organisation, std::string_view import_id) const;
  std::string TakenBackKey(std::string_view organisation, std::string_view import_id,
                           int source_line) const;

 private:
  // Which imports have posted into a fiscal year: while only one has, and it has not
  // completed, its vouchers cannot repeat a posted key (the import checked them against
  // each other), so a voucher whose number is not plain need not be looked up.
  struct YearPosters {
    std::optional<std::string> stored;  // as stored: an import id, or "*" for several
    std::optional<std::string> now;     // after this step
  };
  struct NumberSet {
    IntervalSet numbers;
    bool dirty = false;
  };
  absl::StatusOr<bool> MayRepeat(projection::Store& store, std::string_view organisation,
                                 const ledger::v1::VoucherPosted& voucher);
  absl::StatusOr<bool> IsCompleted(projection::Store& store, std::string_view organisation,
                                   std::string_view import_id);
  absl::StatusOr<NumberSet*> Numbers(projection::Store& store, const std::string& key);
  // Admit for a compensating voucher.
  absl::StatusOr<bool> AdmitCompensation(projection::Store& store, std::string_view organisation,
                                         const ledger::v1::VoucherPosted& voucher);

  std::string prefix_;
  absl::flat_hash_map<std::string, NumberSet> number_sets_;
  absl::flat_hash_set<std::string> vouchers_;  // other voucher keys posted in this step
  // Keys freed or taken back in this step (the store shows a step's writes only after it).
  absl::flat_hash_set<std::string> freed_;
  absl::flat_hash_set<std::string> taken_back_;
  absl::flat_hash_map<std::string, YearPosters> years_;
  absl::flat_hash_map<std::string, bool> completed_;  // completed key -> completed
};

// The read side: what an organisation has posted, as the import's duplicate check asks.
class PostedVouchers {
 public:
  // `reader` must outlive this object.
  PostedVouchers(const projection::Reader* reader, std::string organisation,
                 std::string prefix = "");
  // True if a voucher with this key counted.
  bool Posted(int fiscal_year, std::string_view series, std::string_view number) const;
  // True if any voucher was posted in the fiscal year.
  bool AnyPosted(int fiscal_year) const;

 private:
  const projection::Reader* reader_;
  std::string organisation_;
  VoucherIndex keys_;
  mutable std::map<std::string, IntervalSet, std::less<>> numbers_;  // decoded, by key
};

}  // namespace tertial::chart

#endif  // TERTIAL_CHART_VOUCHER_INDEX_H_
