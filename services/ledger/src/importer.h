#ifndef TERTIAL_LEDGER_IMPORTER_H_
#define TERTIAL_LEDGER_IMPORTER_H_

// Runs an import against the log and the projection: the adapter around the pure
// SieValidator/SieEventBuilder (the SIE job, sie_job.cc) and the CSV imports (csv_job.cc),
// chosen by import_format.h.
//
// The uploaded bytes are spooled to a file (spool.h); the file is read twice, once to
// validate and once to append through one BatchWriter, so that memory stays flat however
// large the file is and a file with any error appends nothing. One import or command runs
// at a time per Importer, so that what pass 1 checked against is still true when pass 2
// appends (within one process; see README for several writers).

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "tertial/base/hash.h"
#include "tertial/eventlog/event_log.h"
#include "tertial/ledger/v1/service.pb.h"
#include "tertial/projection/runner.h"
#include "tertial/projection/store.h"

namespace tertial::ledger {

struct ImporterOptions {
  // Largest file accepted (an absurd size is an error, not a full disk); the component
  // takes it from --max-import-bytes ($TERTIAL_MAX_IMPORT_BYTES).
  int64_t max_bytes = int64_t{16} << 30;
  int max_errors = 100;
};

class Importer {
 public:
  using ProgressFn = std::function<void(const v1::ImportProgress&)>;
  using AuthorizeFn = std::function<absl::Status(std::string_view organisation)>;

  // All must outlive the importer.
  Importer(eventlog::EventLog* log, projection::ProjectionDb* db, projection::Runner* runner,
           ImporterOptions options = {});

  // Imports the file at `path`. `sha256` may be empty (it is then computed while
  // validating). `authorize` is asked once the organisation is known, before anything is
  // appended. Errors in the file come back in the result (committed = false); the status
  // is an error only when the import could not be carried out at all.
  absl::StatusOr<v1::ImportResult> Import(const v1::ImportMetadata& metadata,
                                          const std::string& path, const std::string& sha256,
                                          const AuthorizeFn& authorize,
                                          const ProgressFn& progress = nullptr);

  const ImporterOptions& options() const { return options_; }
  // Held by an import from its start to its commit; the core's commands (ClosePeriod) hold
  // it too, so that imports and commands run one at a time.
  std::mutex& command_mutex() { return mutex_; }

 private:
  absl::StatusOr<v1::ImportResult> ImportSie(const v1::ImportMetadata& metadata,
                                             const std::string& path, std::string sha256,
                                             int64_t bytes, const AuthorizeFn& authorize,
                                             const ProgressFn& progress);
  absl::StatusOr<v1::ImportResult> ImportCsv(const v1::ImportMetadata& metadata,
                                             const std::string& path, std::string sha256,
                                             int64_t bytes, const AuthorizeFn& authorize,
                                             const ProgressFn& progress);

  absl::Status CatchUpWithProgress(const eventlog::AppendResult& appended, int64_t bytes,
                                   const ProgressFn& progress);

  eventlog::EventLog* log_;
  projection::ProjectionDb* db_;
  projection::Runner* runner_;
  ImporterOptions options_;
  std::mutex mutex_;
};

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_IMPORTER_H_
