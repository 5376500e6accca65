// A process killed in the middle of an import leaves nothing of it: after restart the log
// and the balances are as before, and the same file imports in full.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "importer.h"
#include "projection.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/testing/temp_dir.h"
#include "testing/generated_ledger.h"

namespace tertial::ledger::testing {
namespace {

TEST(CrashTest, ProcessKilledWhileAppendingLeavesNothingVisible) {
  tertial::testing::TempDir dir;
  const std::string file = dir.Sub("big.se");
  auto generated = WriteGeneratedLedger({.transactions = 600'000, .units = 40}, file);
  ASSERT_TRUE(generated.ok()) << generated.status();

  int out[2];
  ASSERT_EQ(pipe(out), 0);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    execl(LEDGER_IMPORT_CHILD, LEDGER_IMPORT_CHILD, dir.path().c_str(), file.c_str(), nullptr);
    _exit(127);
  }
  close(out[1]);
  FILE* lines = fdopen(out[0], "r");
  char line[128];
  bool killed = false;
  while (std::fgets(line, sizeof(line), lines) != nullptr) {
    long long bytes = 0;
    // Kill once appending is under way: part of the batch is already written out.
    if (std::sscanf(line, "append %lld", &bytes) == 1 && bytes > 0) {
      kill(pid, SIGKILL);
      killed = true;
      break;
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  std::fclose(lines);
  ASSERT_TRUE(killed) << "the child finished before it could be killed; make the file larger";
  ASSERT_TRUE(WIFSIGNALED(status));

  // Restart: nothing of the import is visible.
  auto log = eventlog::EmbeddedLog::Open(dir.Sub("log"));
  ASSERT_TRUE(log.ok()) << log.status();
  auto db = projection::ProjectionDb::Open(dir.Sub("ledger"));
  ASSERT_TRUE(db.ok()) << db.status();
  EXPECT_EQ(*(*log)->EndOffset(eventlog::kLedgerTopic, 0), 0);
  LedgerProjection projection;
  projection::Runner runner(log->get(), db->get(), &projection);
  ASSERT_TRUE(runner.CatchUp().ok());
  v1::GetBalancesRequest request;
  request.set_organisation("0580");
  auto rows = QueryBalances(*(*db)->Snapshot(), request);
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->empty());

  // And the file is not taken for imported: it imports in full.
  Importer importer(log->get(), db->get(), &runner);
  v1::ImportMetadata metadata;
  metadata.set_organisation("0580");
  metadata.set_file_name("big.se");
  auto result =
      importer.Import(metadata, file, "", [](std::string_view) { return absl::OkStatus(); });
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->committed());
  EXPECT_FALSE(result->already_imported());
  EXPECT_EQ(result->summary().transactions(), generated->transactions);
}

}  // namespace
}  // namespace tertial::ledger::testing
