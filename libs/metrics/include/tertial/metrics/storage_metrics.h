#ifndef TERTIAL_METRICS_STORAGE_METRICS_H_
#define TERTIAL_METRICS_STORAGE_METRICS_H_

// Where the data sits and what waits to be written, read at each scrape without blocking:
// (database: the directory as opened, "/var/lib/tertial/ledger/projection")
//   tertial_rocksdb_sst_bytes{database}            SST files on disk
//   tertial_rocksdb_memtable_bytes{database}       memtables (unflushed writes)
//   tertial_rocksdb_table_readers_bytes{database}  index/filter memory outside the cache
//   tertial_rocksdb_estimated_keys{database}
//   tertial_rocksdb_memory_budget_bytes                 --rocksdb-memory-mb (0: none)
//   tertial_rocksdb_block_cache_usage_bytes             the shared cache, memtables included
//   tertial_kafka_producer_queue_messages{client}       produced, not yet acknowledged

#include "tertial/metrics/registry.h"

namespace tertial::metrics {

// Defines the families and adds their collector, once per registry (Default() has them).
void CollectStorage(Registry* registry);

}  // namespace tertial::metrics

#endif  // TERTIAL_METRICS_STORAGE_METRICS_H_
