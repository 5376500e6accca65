// Imports one SIE file into an embedded log in DATA_DIR, printing a line per progress
// report ("validate 1234", "append 5678") and flushing it, so that crash_test can kill it
// with SIGKILL in the middle of appending.
// Usage: ledger_import_child DATA_DIR FILE

#include <cstdio>

#include "importer.h"
#include "projection.h"
#include "tertial/eventlog/embedded_log.h"

int main(int argc, char** argv) {
  using namespace tertial;
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s DATA_DIR FILE\n", argv[0]);
    return 2;
  }
  std::string dir = argv[1];
  auto log = eventlog::EmbeddedLog::Open(dir + "/log");
  auto db = projection::ProjectionDb::Open(dir + "/ledger");
  if (!log.ok() || !db.ok()) return 1;
  ledger::LedgerProjection projection;
  projection::Runner runner(log->get(), db->get(), &projection);
  ledger::Importer importer(log->get(), db->get(), &runner);
  ledger::v1::ImportMetadata metadata;
  metadata.set_organisation("0580");
  metadata.set_file_name("big.se");
  auto result = importer.Import(
      metadata, argv[2], "", [](std::string_view) { return absl::OkStatus(); },
      [](const ledger::v1::ImportProgress& p) {
        std::printf("%s %lld\n", p.phase() == ledger::v1::IMPORT_PHASE_APPEND ? "append" : "other",
                    static_cast<long long>(p.bytes_done()));
        std::fflush(stdout);
      });
  if (!result.ok() || !result->committed()) return 1;
  std::printf("committed\n");
  return 0;
}
