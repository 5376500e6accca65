#include "tertial/metrics/storage_metrics.h"

#include <mutex>
#include <set>

#include "tertial/eventlog/kafka_log.h"
#include "tertial/storage/rocks.h"

namespace tertial::metrics {

void CollectStorage(Registry* registry) {
  static std::mutex mutex;
  static std::set<Registry*> done;
  {
    std::lock_guard<std::mutex> guard(mutex);
    if (!done.insert(registry).second) return;
  }
  using T = Registry::Type;
  registry->Define("tertial_rocksdb_sst_bytes", T::kGauge,
                   "Size of a RocksDB database's SST files, per database", /*collected=*/true);
  registry->Define("tertial_rocksdb_memtable_bytes", T::kGauge,
                   "Memory of a database's memtables (writes not yet flushed)", true);
  registry->Define("tertial_rocksdb_table_readers_bytes", T::kGauge,
                   "Memory of a database's open table readers outside the block cache", true);
  registry->Define("tertial_rocksdb_estimated_keys", T::kGauge,
                   "RocksDB's estimate of a database's keys", true);
  registry->Define("tertial_rocksdb_memory_budget_bytes", T::kGauge,
                   "Memory budget shared by the process's databases (0: none)", true);
  registry->Define("tertial_rocksdb_block_cache_usage_bytes", T::kGauge,
                   "Bytes held by the shared block cache, memtable reservations included", true);
  registry->Define("tertial_kafka_producer_queue_messages", T::kGauge,
                   "Records produced to Kafka and not yet acknowledged, per client", true);
  registry->AddCollector([](Registry& r) {
    for (const storage::DatabaseStats& db : storage::OpenDatabaseStats()) {
      Labels labels = {{"database", db.path}};
      r.Set("tertial_rocksdb_sst_bytes", labels, static_cast<double>(db.sst_bytes));
      r.Set("tertial_rocksdb_memtable_bytes", labels, static_cast<double>(db.memtable_bytes));
      r.Set("tertial_rocksdb_table_readers_bytes", labels,
            static_cast<double>(db.table_readers_bytes));
      r.Set("tertial_rocksdb_estimated_keys", labels, static_cast<double>(db.estimated_keys));
    }
    std::shared_ptr<storage::MemoryBudget> budget = storage::ProcessBudget();
    r.Set("tertial_rocksdb_memory_budget_bytes", {}, static_cast<double>(budget->bytes()));
    r.Set("tertial_rocksdb_block_cache_usage_bytes", {}, static_cast<double>(budget->CacheUsage()));
    eventlog::KafkaLog::ForEach([&](eventlog::KafkaLog& log) {
      r.Set("tertial_kafka_producer_queue_messages", {{"client", log.ClientName()}},
            log.ProducerQueueLength());
    });
  });
}

}  // namespace tertial::metrics
