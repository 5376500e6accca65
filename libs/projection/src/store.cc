#include "tertial/projection/store.h"

#include <rocksdb/db.h>
#include <rocksdb/utilities/write_batch_with_index.h>

#include "tertial/base/strings.h"

namespace tertial::projection {
namespace {

class SnapshotReader final : public Reader {
 public:
  explicit SnapshotReader(rocksdb::DB* db) : db_(db), snapshot_(db->GetSnapshot()) {}
  ~SnapshotReader() override { db_->ReleaseSnapshot(snapshot_); }

  absl::StatusOr<std::optional<std::string>> Get(std::string_view key) const override {
    rocksdb::ReadOptions options;
    options.snapshot = snapshot_;
    std::string value;
    rocksdb::Status s = db_->Get(options, rocksdb::Slice(key.data(), key.size()), &value);
    if (s.IsNotFound()) return std::nullopt;
    if (!s.ok()) return absl::InternalError(tertial::StrCat("projection read: ", s.ToString()));
    return value;
  }

  absl::Status Scan(std::string_view prefix, const ScanFn& fn) const override {
    rocksdb::ReadOptions options;
    options.snapshot = snapshot_;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(options));
    rocksdb::Slice p(prefix.data(), prefix.size());
    for (it->Seek(p); it->Valid() && it->key().starts_with(p); it->Next()) {
      if (!fn(it->key().ToStringView(), it->value().ToStringView())) break;
    }
    if (!it->status().ok()) {
      return absl::InternalError(tertial::StrCat("projection scan: ", it->status().ToString()));
    }
    return absl::OkStatus();
  }

 private:
  rocksdb::DB* db_;
  const rocksdb::Snapshot* snapshot_;
};

}  // namespace

ProjectionDb::ProjectionDb(std::unique_ptr<rocksdb::DB> db, std::string path)
    : db_(std::move(db)), path_(std::move(path)), registration_(path_, db_.get()) {}

ProjectionDb::~ProjectionDb() = default;

absl::StatusOr<std::unique_ptr<ProjectionDb>> ProjectionDb::Open(const std::string& path,
                                                                 ProjectionDbOptions db_options) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.IncreaseParallelism(2);
  (db_options.memory ? db_options.memory : storage::ProcessBudget())->Apply(&options);
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, path, &raw);
  if (!s.ok()) {
    return absl::UnavailableError(
        tertial::StrCat("cannot open projection database at ", path, ": ", s.ToString()));
  }
  return std::unique_ptr<ProjectionDb>(new ProjectionDb(std::unique_ptr<rocksdb::DB>(raw), path));
}

std::unique_ptr<Reader> ProjectionDb::Snapshot() {
  return std::make_unique<SnapshotReader>(db_.get());
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ProjectionDb::Dump() {
  std::vector<std::pair<std::string, std::string>> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    out.emplace_back(it->key().ToString(), it->value().ToString());
  }
  if (!it->status().ok()) {
    return absl::InternalError(tertial::StrCat("projection dump: ", it->status().ToString()));
  }
  return out;
}

absl::Status ProjectionDb::Clear() {
  rocksdb::WriteBatch batch;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) batch.Delete(it->key());
  rocksdb::WriteOptions options;
  options.sync = true;
  rocksdb::Status s = db_->Write(options, &batch);
  if (s.ok()) s = db_->CompactRange(rocksdb::CompactRangeOptions(), nullptr, nullptr);
  if (!s.ok()) return absl::InternalError(tertial::StrCat("projection clear: ", s.ToString()));
  return absl::OkStatus();
}

}  // namespace tertial::projection
