#include "tertial/storage/rocks.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include <memory>
#include <string>

#include "tertial/testing/temp_dir.h"

namespace tertial::storage {
namespace {

std::unique_ptr<rocksdb::DB> OpenDb(const std::string& path, const MemoryBudget& budget) {
  rocksdb::Options options;
  options.create_if_missing = true;
  budget.Apply(&options);
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, path, &raw);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return std::unique_ptr<rocksdb::DB>(raw);
}

TEST(MemoryBudget, MemtablesOfAllDatabasesStayWithinHalfTheBudget) {
  tertial::testing::TempDir dir;
  std::shared_ptr<MemoryBudget> budget = MemoryBudget::Make(16 << 20);
  std::unique_ptr<rocksdb::DB> a = OpenDb(dir.path() + "/a", *budget);
  std::unique_ptr<rocksdb::DB> b = OpenDb(dir.path() + "/b", *budget);
  std::string value(1000, 'x');
  uint64_t peak = 0;
  // 60 MB written: far more than the budget; without it both memtables would grow to 64 MB.
  for (int i = 0; i < 30000; ++i) {
    std::string key = std::to_string(i);
    ASSERT_TRUE(a->Put(rocksdb::WriteOptions(), key, value).ok());
    ASSERT_TRUE(b->Put(rocksdb::WriteOptions(), key, value).ok());
    peak = std::max(peak, budget->MemtableUsage());
  }
  EXPECT_GT(peak, 0u);
  // Flushes start at 7/8 of the buffer (8 MB) and the memtable being written keeps growing
  // until its flush is scheduled: allow one memtable (an eighth of the budget) on top.
  EXPECT_LE(peak, (8u << 20) + (2u << 20)) << peak;
  EXPECT_GT(budget->CacheUsage(), 0u);  // memtables are charged to the shared cache
}

TEST(MemoryBudget, ZeroMeansRocksDbDefaults) {
  std::shared_ptr<MemoryBudget> none = MemoryBudget::Make(0);
  rocksdb::Options options;
  uint64_t default_buffer = options.write_buffer_size;
  none->Apply(&options);
  EXPECT_EQ(options.write_buffer_size, default_buffer);
  EXPECT_EQ(options.write_buffer_manager, nullptr);
  EXPECT_EQ(none->CacheUsage(), 0u);
}

TEST(MemoryBudget, HasAFloor) { EXPECT_EQ(MemoryBudget::Make(1)->bytes(), 8u << 20); }

TEST(OpenDatabases, ListsDatabasesWhileRegistered) {
  tertial::testing::TempDir dir;
  std::shared_ptr<MemoryBudget> budget = MemoryBudget::Make(0);
  std::unique_ptr<rocksdb::DB> db = OpenDb(dir.path() + "/ledger/", *budget);
  size_t before = OpenDatabaseStats().size();
  {
    Registration registration(dir.path() + "/ledger/", db.get());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), "k", std::string(4096, 'v')).ok());
    ASSERT_TRUE(db->Flush(rocksdb::FlushOptions()).ok());
    std::vector<DatabaseStats> stats = OpenDatabaseStats();
    ASSERT_EQ(stats.size(), before + 1);
    EXPECT_EQ(stats.back().path, dir.path() + "/ledger/");
    EXPECT_GT(stats.back().sst_bytes, 0u);
    EXPECT_EQ(stats.back().estimated_keys, 1u);
  }
  EXPECT_EQ(OpenDatabaseStats().size(), before);
}

}  // namespace
}  // namespace tertial::storage
