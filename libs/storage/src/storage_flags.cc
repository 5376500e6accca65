#include "tertial/storage/storage_flags.h"

#include "tertial/base/strings.h"

namespace tertial::storage {

void AddStorageFlags(config::FlagSet& flags, StorageFlags* storage_flags) {
  flags.Int("rocksdb-memory-mb", &storage_flags->rocksdb_memory_mb,
            "memory for RocksDB shared by the event log and every projection of this process "
            "(block cache, memtables, index and filter blocks), in MiB; 0: RocksDB's defaults "
            "per database, unbounded together",
            {.env = "TERTIAL_ROCKSDB_MEMORY_MB"});
}

absl::Status ApplyStorageFlags(const StorageFlags& storage_flags) {
  if (storage_flags.rocksdb_memory_mb < 0 || storage_flags.rocksdb_memory_mb > (1 << 20)) {
    return absl::InvalidArgumentError(StrCat("--rocksdb-memory-mb: ",
                                             storage_flags.rocksdb_memory_mb,
                                             " is not a size in MiB (0 to 1048576)"));
  }
  SetProcessBudget(MemoryBudget::Make(static_cast<uint64_t>(storage_flags.rocksdb_memory_mb) << 20));
  return absl::OkStatus();
}

}  // namespace tertial::storage
