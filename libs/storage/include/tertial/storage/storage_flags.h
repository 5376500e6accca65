#ifndef TERTIAL_STORAGE_STORAGE_FLAGS_H_
#define TERTIAL_STORAGE_STORAGE_FLAGS_H_

// The memory settings of every binary that opens databases:
//   --rocksdb-memory-mb ($TERTIAL_ROCKSDB_MEMORY_MB): the budget of all RocksDB databases
//     of the process together (rocks.h);
//   --compact-malloc ($TERTIAL_COMPACT_MALLOC): glibc's malloc with 2 arenas, and blocks of
//     1 MiB or more from mmap, so that memory freed after a large import goes back to the
//     system. With glibc's defaults (up to 8 arenas per core, and a threshold that grows to
//     32 MiB) tertiald kept ~80 MB more resident after a 1.2M-line import
//     (bench/ledger/import_memory_bench).

#include <cstdint>

#include "absl/status/status.h"
#include "tertial/config/flags.h"
#include "tertial/storage/rocks.h"

namespace tertial::storage {

struct StorageFlags {
  int64_t rocksdb_memory_mb = static_cast<int64_t>(kDefaultMemoryBudgetBytes >> 20);
  bool compact_malloc = true;
};

void AddStorageFlags(config::FlagSet& flags, StorageFlags* storage_flags);

// Sets the process's budget (SetProcessBudget) and malloc's settings; call at start-up,
// before threads start and databases open. INVALID_ARGUMENT for a size out of range.
absl::Status ApplyStorageFlags(const StorageFlags& storage_flags);

}  // namespace tertial::storage

#endif  // TERTIAL_STORAGE_STORAGE_FLAGS_H_
