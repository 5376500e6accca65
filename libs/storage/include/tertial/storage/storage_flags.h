#ifndef TERTIAL_STORAGE_STORAGE_FLAGS_H_
#define TERTIAL_STORAGE_STORAGE_FLAGS_H_

// --rocksdb-memory-mb ($TERTIAL_ROCKSDB_MEMORY_MB): the memory budget of all RocksDB
// databases of the process (rocks.h), the same flag in every binary that opens them.

#include <cstdint>

#include "absl/status/status.h"
#include "tertial/config/flags.h"
#include "tertial/storage/rocks.h"

namespace tertial::storage {

struct StorageFlags {
  int64_t rocksdb_memory_mb = static_cast<int64_t>(kDefaultMemoryBudgetBytes >> 20);
};

void AddStorageFlags(config::FlagSet& flags, StorageFlags* storage_flags);

// Sets the process's budget (SetProcessBudget); call before opening databases.
// INVALID_ARGUMENT for a negative size.
absl::Status ApplyStorageFlags(const StorageFlags& storage_flags);

}  // namespace tertial::storage

#endif  // TERTIAL_STORAGE_STORAGE_FLAGS_H_
