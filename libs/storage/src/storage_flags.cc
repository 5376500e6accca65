#include "tertial/storage/storage_flags.h"

#include <malloc.h>

#include "tertial/base/strings.h"

namespace tertial::storage {

void AddStorageFlags(config::FlagSet& flags, StorageFlags* storage_flags) {
  flags.Int("rocksdb-memory-mb", &storage_flags->rocksdb_memory_mb,
            "memory for RocksDB shared by the event log and every projection of this process "
            "(block cache, memtables, index and filter blocks), in MiB; 0: RocksDB's defaults "
            "per database, unbounded together",
            {.env = "TERTIAL_ROCKSDB_MEMORY_MB"});
  flags.Bool("compact-malloc", &storage_flags->compact_malloc,
             "glibc malloc with 2 arenas and blocks of 1 MiB or more from mmap, so that memory "
             "freed after an import returns to the system; false: glibc's defaults "
             "($GLIBC_TUNABLES then applies)",
             {.env = "TERTIAL_COMPACT_MALLOC"});
}

absl::Status ApplyStorageFlags(const StorageFlags& storage_flags) {
  if (storage_flags.rocksdb_memory_mb < 0 || storage_flags.rocksdb_memory_mb > (1 << 20)) {
    return absl::InvalidArgumentError(
        StrCat("--rocksdb-memory-mb: ", storage_flags.rocksdb_memory_mb,
               " is not a size in MiB (0 to 1048576)"));
  }
  SetProcessBudget(
      MemoryBudget::Make(static_cast<uint64_t>(storage_flags.rocksdb_memory_mb) << 20));
  if (storage_flags.compact_malloc) {
    // Each arena keeps what was freed in it; a fixed threshold stops glibc from raising it
    // (up to 32 MiB) after the first large free, which kept large buffers on the heap.
    mallopt(M_ARENA_MAX, 2);
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
  }
  return absl::OkStatus();
}

}  // namespace tertial::storage
