#ifndef TERTIAL_PROJECTION_STORE_H_
#define TERTIAL_PROJECTION_STORE_H_

// A service's projection database (RocksDB) and the view a projection writes through.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "tertial/storage/rocks.h"

namespace rocksdb {
class DB;
class WriteBatchWithIndex;
class Snapshot;
}  // namespace rocksdb

namespace tertial::projection {

// Keys starting with this byte belong to the runner (consumed offsets); projections must
// not write them.
inline constexpr char kReservedKeyPrefix = '\0';

// Calls fn(key, value) for keys with `prefix` in key order until fn returns false.
using ScanFn = std::function<bool(std::string_view key, std::string_view value)>;

// Read access to a projection database; used by queries. Reads come from one snapshot so
// that a query sees one consistent state while the runner keeps applying.
class Reader {
 public:
  virtual ~Reader() = default;
  virtual absl::StatusOr<std::optional<std::string>> Get(std::string_view key) const = 0;
  virtual absl::Status Scan(std::string_view prefix, const ScanFn& fn) const = 0;
};

// Read-write view used while applying one step of events: reads see the step's own writes,
// and everything written becomes durable atomically with the step's consumed offsets.
class Store : public Reader {
 public:
  virtual void Put(std::string_view key, std::string_view value) = 0;
  virtual void Delete(std::string_view key) = 0;
};

struct ProjectionDbOptions {
  // RocksDB memory shared with the process's other databases; null: the process's budget
  // (storage::ProcessBudget()).
  std::shared_ptr<storage::MemoryBudget> memory;
};

// Owns the RocksDB of one service's projections.
class ProjectionDb {
 public:
  static absl::StatusOr<std::unique_ptr<ProjectionDb>> Open(const std::string& path,
                                                            ProjectionDbOptions options = {});
  ~ProjectionDb();
  ProjectionDb(const ProjectionDb&) = delete;
  ProjectionDb& operator=(const ProjectionDb&) = delete;

  rocksdb::DB* db() { return db_.get(); }
  const std::string& path() const { return path_; }

  // A consistent snapshot for a query; valid while the returned object lives.
  std::unique_ptr<Reader> Snapshot();

  // Every key and value in order, the runner's offsets included: two projections built
  // from the same events must give the same dump.
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> Dump();

  // Deletes every key (state and offsets).
  absl::Status Clear();

 private:
  ProjectionDb(std::unique_ptr<rocksdb::DB> db, std::string path);
  std::unique_ptr<rocksdb::DB> db_;
  std::string path_;
  storage::Registration registration_;  // listed for metrics while open
};

}  // namespace tertial::projection

#endif  // TERTIAL_PROJECTION_STORE_H_
