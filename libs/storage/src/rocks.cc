#include "tertial/storage/rocks.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/write_buffer_manager.h>

#include <algorithm>
#include <mutex>

namespace tertial::storage {
namespace {

struct OpenList {
  std::mutex mutex;
  std::vector<std::pair<std::string, rocksdb::DB*>> databases;
};

OpenList& Open() {
  static OpenList* list = new OpenList();
  return *list;
}

std::mutex g_budget_mutex;
std::shared_ptr<MemoryBudget>* g_budget = nullptr;  // guarded by g_budget_mutex

uint64_t Property(rocksdb::DB* db, const char* name) {
  uint64_t value = 0;
  return db->GetIntProperty(name, &value) ? value : 0;
}

}  // namespace

MemoryBudget::MemoryBudget(uint64_t bytes) : bytes_(bytes) {
  if (bytes_ == 0) return;
  // One cache for blocks, index and filter blocks and, through the write buffer manager,
  // memtables. Not strict: a read is never refused for want of cache; the cache evicts.
  cache_ = rocksdb::NewLRUCache(bytes_);
  write_buffers_ = std::make_shared<rocksdb::WriteBufferManager>(bytes_ / 2, cache_);
}

MemoryBudget::~MemoryBudget() = default;

std::shared_ptr<MemoryBudget> MemoryBudget::Make(uint64_t bytes) {
  if (bytes != 0) bytes = std::max<uint64_t>(bytes, uint64_t{8} << 20);
  return std::shared_ptr<MemoryBudget>(new MemoryBudget(bytes));
}

void MemoryBudget::Apply(rocksdb::Options* options) const {
  if (bytes_ == 0) return;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache_;
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  options->table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  options->write_buffer_manager = write_buffers_;
  // A database's memtable flushes at an eighth of the budget even when the others are
  // idle, so that one busy database cannot hold all of it.
  options->write_buffer_size = std::min<uint64_t>(options->write_buffer_size, bytes_ / 8);
  options->max_write_buffer_number = 2;
}

uint64_t MemoryBudget::CacheUsage() const { return cache_ ? cache_->GetUsage() : 0; }

uint64_t MemoryBudget::MemtableUsage() const {
  return write_buffers_ ? write_buffers_->memory_usage() : 0;
}

void SetProcessBudget(std::shared_ptr<MemoryBudget> budget) {
  std::lock_guard<std::mutex> guard(g_budget_mutex);
  if (g_budget == nullptr) g_budget = new std::shared_ptr<MemoryBudget>();
  *g_budget = std::move(budget);
}

std::shared_ptr<MemoryBudget> ProcessBudget() {
  std::lock_guard<std::mutex> guard(g_budget_mutex);
  if (g_budget == nullptr) {
    g_budget = new std::shared_ptr<MemoryBudget>(MemoryBudget::Make(kDefaultMemoryBudgetBytes));
  }
  return *g_budget;
}

Registration::Registration(std::string path, rocksdb::DB* db) : path_(std::move(path)), db_(db) {
  std::lock_guard<std::mutex> guard(Open().mutex);
  Open().databases.emplace_back(path_, db_);
}

Registration::~Registration() {
  std::lock_guard<std::mutex> guard(Open().mutex);
  auto& list = Open().databases;
  for (auto it = list.begin(); it != list.end(); ++it) {
    if (it->second == db_) {
      list.erase(it);
      break;
    }
  }
}

std::vector<DatabaseStats> OpenDatabaseStats() {
  std::lock_guard<std::mutex> guard(Open().mutex);
  std::vector<DatabaseStats> out;
  for (const auto& [path, db] : Open().databases) {
    DatabaseStats stats;
    stats.path = path;
    stats.sst_bytes = Property(db, "rocksdb.total-sst-files-size");
    stats.memtable_bytes = Property(db, "rocksdb.cur-size-all-mem-tables");
    stats.table_readers_bytes = Property(db, "rocksdb.estimate-table-readers-mem");
    stats.estimated_keys = Property(db, "rocksdb.estimate-num-keys");
    out.push_back(std::move(stats));
  }
  return out;
}

}  // namespace tertial::storage
