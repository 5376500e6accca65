#ifndef TERTIAL_STORAGE_ROCKS_H_
#define TERTIAL_STORAGE_ROCKS_H_

// What every RocksDB of a process shares: its memory budget, and the list of databases
// open, for metrics. The embedded log (eventlog) and each service's projections
// (projection::ProjectionDb) open their databases through this, so that one setting
// (--rocksdb-memory-mb) bounds them all together.
//
// Without a budget every database keeps RocksDB's defaults: its own 8 MB block cache, up
// to two 64 MB memtables, and index and filter blocks outside any cache; tertiald's five
// databases could then hold several hundred MB between them. With a budget of B bytes, all
// databases share one LRU block cache of B bytes; memtables are charged to that cache
// (WriteBufferManager) and flushed once they pass B/2 together; index and filter blocks
// live in the cache too. Memory outside RocksDB (the import's own buffers, gRPC) is not
// counted.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace rocksdb {
class Cache;
class DB;
struct Options;
class WriteBufferManager;
}  // namespace rocksdb

namespace tertial::storage {

class MemoryBudget final {
 public:
  // A budget of `bytes` (at least 8 MiB); 0: none (RocksDB's defaults per database).
  static std::shared_ptr<MemoryBudget> Make(uint64_t bytes);
  ~MemoryBudget();
  MemoryBudget(const MemoryBudget&) = delete;
  MemoryBudget& operator=(const MemoryBudget&) = delete;

  uint64_t bytes() const { return bytes_; }
  // Puts the shared cache, the write buffer manager and memtable sizes into `options`
  // (nothing when there is no budget).
  void Apply(rocksdb::Options* options) const;
  // Bytes the shared cache holds now (data blocks and memtable reservations); 0 without a
  // budget.
  uint64_t CacheUsage() const;
  // Bytes of memtables of every database under this budget; 0 without one.
  uint64_t MemtableUsage() const;

 private:
  explicit MemoryBudget(uint64_t bytes);
  uint64_t bytes_;
  std::shared_ptr<rocksdb::Cache> cache_;
  std::shared_ptr<rocksdb::WriteBufferManager> write_buffers_;
};

// The default budget of a process: 96 MiB.
inline constexpr uint64_t kDefaultMemoryBudgetBytes = uint64_t{96} << 20;

// The budget databases get unless told otherwise. Set it once at start-up, before opening
// databases; until then it is kDefaultMemoryBudgetBytes.
void SetProcessBudget(std::shared_ptr<MemoryBudget> budget);
std::shared_ptr<MemoryBudget> ProcessBudget();

// Figures of one open database, read from RocksDB's properties.
struct DatabaseStats {
  std::string path;  // as opened: "/var/lib/tertial/log", "/var/lib/tertial/ledger/projection"
  uint64_t sst_bytes = 0;            // rocksdb.total-sst-files-size
  uint64_t memtable_bytes = 0;       // rocksdb.cur-size-all-mem-tables
  uint64_t table_readers_bytes = 0;  // rocksdb.estimate-table-readers-mem (outside the cache)
  uint64_t estimated_keys = 0;       // rocksdb.estimate-num-keys
};

// Keeps `db` in the list of open databases while the returned handle lives. `db` must
// outlive the handle.
class Registration final {
 public:
  Registration(std::string path, rocksdb::DB* db);
  ~Registration();
  Registration(const Registration&) = delete;
  Registration& operator=(const Registration&) = delete;

 private:
  std::string path_;
  rocksdb::DB* db_;
};

// Every database open in the process, in order of opening.
std::vector<DatabaseStats> OpenDatabaseStats();

}  // namespace tertial::storage

#endif  // TERTIAL_STORAGE_ROCKS_H_
