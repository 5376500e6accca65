#ifndef TERTIAL_PROJECTION_RUNNER_STORE_H_
#define TERTIAL_PROJECTION_RUNNER_STORE_H_

// The Runner's side of the projection database: the consumed offsets it keeps beside the
// state, and the store one step writes through (one WriteBatch for state and offsets).

#include <rocksdb/db.h>
#include <rocksdb/utilities/write_batch_with_index.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tertial/projection/store.h"

namespace tertial::projection::internal {

std::string OffsetKey(std::string_view topic, int partition);

absl::Status FromRocks(const rocksdb::Status& s, std::string_view what);

// The step's view: reads see the step's own writes through the indexed batch.
class StepStore final : public Store {
 public:
  explicit StepStore(rocksdb::DB* db)
      : db_(db), batch_(rocksdb::BytewiseComparator(), 0, /*overwrite_key=*/true) {}

  absl::StatusOr<std::optional<std::string>> Get(std::string_view key) const override {
    std::string value;
    rocksdb::Status s = batch_.GetFromBatchAndDB(db_, rocksdb::ReadOptions(),
                                                 rocksdb::Slice(key.data(), key.size()), &value);
    if (s.IsNotFound()) return std::nullopt;
    if (!s.ok()) return FromRocks(s, "projection read");
    return value;
  }

  absl::Status Scan(std::string_view prefix, const ScanFn& fn) const override {
    std::unique_ptr<rocksdb::Iterator> it(
        batch_.NewIteratorWithBase(db_->NewIterator(rocksdb::ReadOptions())));
    rocksdb::Slice p(prefix.data(), prefix.size());
    for (it->Seek(p); it->Valid() && it->key().starts_with(p); it->Next()) {
      if (!fn(it->key().ToStringView(), it->value().ToStringView())) break;
    }
    return FromRocks(it->status(), "projection scan");
  }

  void Put(std::string_view key, std::string_view value) override {
    batch_.Put(rocksdb::Slice(key.data(), key.size()), rocksdb::Slice(value.data(), value.size()));
  }

  void Delete(std::string_view key) override {
    batch_.Delete(rocksdb::Slice(key.data(), key.size()));
  }

  absl::Status Commit() {
    return FromRocks(db_->Write(rocksdb::WriteOptions(), batch_.GetWriteBatch()),
                     "projection write");
  }

 private:
  rocksdb::DB* db_;
  mutable rocksdb::WriteBatchWithIndex batch_;
};

// The offset stored for the partition: 0 before the first step.
absl::StatusOr<int64_t> ReadOffset(rocksdb::DB* db, std::string_view topic, int partition);

}  // namespace tertial::projection::internal

#endif  // TERTIAL_PROJECTION_RUNNER_STORE_H_
