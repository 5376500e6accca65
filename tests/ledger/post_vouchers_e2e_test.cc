// PostVouchers from a client nobody here wrote: post_vouchers_client.py, on Debian's
// python3-grpcio with stubs python3-grpc-tools generates from proto/ at test time, against
// tertiald (embedded) with bearer tokens. The ledger is first given a chart by an SIE import
// through the CLI, as a municipality starts.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "../e2e/process.h"
#include "tertial/base/hash.h"
#include "tertial/base/strings.h"
#include "tertial/testing/temp_dir.h"

namespace tertial {
namespace {

using e2e::Process;
using e2e::Result;

std::string Bin(std::string_view relative) { return StrCat(TERTIAL_BINARY_DIR, "/", relative); }

constexpr char kSie[] = R"(#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#RAR 0 20210101 20211231
#KONTO 1930 "Bank"
#KONTO 5010 "Lokalhyra"
#OBJEKT 1 "EKS" "Ekonomistaben"
#VER A 1 20210510 "Start"
{
#TRANS 5010 {1 "EKS"} 100.00
#TRANS 1930 {} -100.00
}
)";

TEST(PostVouchersFromPython, AnErpPostsVouchersAndSeesThemInTheBalances) {
  tertial::testing::TempDir dir;
  { std::ofstream(dir.Sub("start.se")) << kSie; }
  {
    std::ofstream(dir.Sub("tokens"))
        << "sha256:" << Sha256Hex("erp-0580") << " erp.integration controller 0580\n";
  }
  const std::string address = StrCat("127.0.0.1:", e2e::FreePort());
  Process daemon({Bin("apps/tertiald"), "--data-dir", dir.Sub("data"), "--listen", address,
                  "--tokens", dir.Sub("tokens")},
                 {}, dir.Sub("tertiald.err"));
  const e2e::Env env = {{"TERTIAL_SERVER", address}, {"TERTIAL_TOKEN", "erp-0580"}};
  Result up = e2e::Run({Bin("apps/tertial"), "status", "--wait", "30"}, env);
  ASSERT_EQ(up.exit_code, 0) << up.err << e2e::ReadFile(dir.Sub("tertiald.err"));
  Result imported =
      e2e::Run({Bin("apps/tertial"), "import", "--org", "0580", dir.Sub("start.se")}, env);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;

  Result client = e2e::Run(
      {"/usr/bin/python3", StrCat(TERTIAL_SOURCE_DIR, "/tests/ledger/post_vouchers_client.py"),
       StrCat(TERTIAL_SOURCE_DIR, "/proto"), address, "erp-0580", "0580"},
      {}, std::chrono::seconds(120));
  std::printf("%s", client.out.c_str());
  EXPECT_EQ(client.exit_code, 0) << client.out << client.err;
  EXPECT_NE(client.out.find("\nok\n"), std::string::npos) << client.out;

  // The batch is listed with the imports.
  Result imports =
      e2e::Run({Bin("apps/tertial"), "imports", "--org", "0580", "--format", "csv"}, env);
  EXPECT_EQ(imports.exit_code, 0) << imports.err;
  EXPECT_NE(imports.out.find("PostVouchers python-erp r1"), std::string::npos) << imports.out;

  daemon.Signal(SIGTERM);
  EXPECT_TRUE(daemon.WaitFor(std::chrono::seconds(5)).has_value());
}

// An SIE file of `n` balanced vouchers A 1..n in 2021-05, on the chart of kSie.
std::string Vouchers(int n) {
  std::string out = "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#RAR 0 20210101 20211231\n";
  for (int i = 1; i <= n; ++i) {
    StrAppend(&out, "#VER A ", i, " 20210520 \"Faktura\"\n{\n#TRANS 5010 {1 \"EKS\"} ", i,
              ".00\n#TRANS 1930 {} -", i, ".00\n}\n");
  }
  return out;
}

int64_t Count(const std::string& out, const std::string& what) {
  size_t at = out.find(what + " ");
  if (at == std::string::npos) return -1;
  return std::stoll(out.substr(at + what.size() + 1));
}

TEST(ErpSim, ReplaysALedgerAtARateAndStopsOnSigterm) {
  tertial::testing::TempDir dir;
  { std::ofstream(dir.Sub("start.se")) << kSie; }
  { std::ofstream(dir.Sub("ledger.se")) << Vouchers(400); }
  {
    std::ofstream(dir.Sub("tokens"))
        << "sha256:" << Sha256Hex("erp-0580") << " erp.integration controller 0580\n";
  }
  const std::string address = StrCat("127.0.0.1:", e2e::FreePort());
  Process daemon({Bin("apps/tertiald"), "--data-dir", dir.Sub("data"), "--listen", address,
                  "--tokens", dir.Sub("tokens")},
                 {}, dir.Sub("tertiald.err"));
  const e2e::Env env = {{"TERTIAL_SERVER", address}, {"TERTIAL_TOKEN", "erp-0580"}};
  ASSERT_EQ(e2e::Run({Bin("apps/tertial"), "status", "--wait", "30"}, env).exit_code, 0)
      << e2e::ReadFile(dir.Sub("tertiald.err"));
  ASSERT_EQ(e2e::Run({Bin("apps/tertial"), "import", "--org", "0580", dir.Sub("start.se")}, env)
                .exit_code,
            0);
  const std::vector<std::string> sim = {Bin("apps/tertial-erp-sim/tertial-erp-sim"),
                                        "--org",
                                        "0580",
                                        "--rate",
                                        "2000/s",
                                        "--batch",
                                        "10",
                                        "--limit",
                                        "100",
                                        dir.Sub("ledger.se")};
  Result first = e2e::Run(sim, env);
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_EQ(Count(first.out, "accepted"), 100) << first.out;
  EXPECT_EQ(Count(first.out, "requests"), 10) << first.out;
  Result again = e2e::Run(sim, env);
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(Count(again.out, "duplicate"), 100) << again.out;
  EXPECT_EQ(Count(again.out, "accepted"), 0) << again.out;

  // The balance of 5010 in 2021-05: 100.00 from the import, 1..100 kronor from the sim.
  Result balances = e2e::Run({Bin("apps/tertial"), "balances", "--org", "0580", "--by", "account",
                              "--period", "2021-05", "--format", "csv"},
                             env);
  EXPECT_EQ(balances.exit_code, 0) << balances.err;
  EXPECT_NE(balances.out.find(StrCat(",", (100 + 5050) * 100, ",")), std::string::npos)
      << balances.out;

  // Slowly, then SIGTERM: it stops within 2 s with what it has counted.
  Process slow({sim[0], "--org", "0580", "--rate", "20/s", "--batch", "1", dir.Sub("ledger.se")},
               env, dir.Sub("sim.err"));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  slow.Signal(SIGTERM);
  auto stopped_at = std::chrono::steady_clock::now();
  std::optional<int> status = slow.WaitFor(std::chrono::seconds(3));
  ASSERT_TRUE(status.has_value()) << "still running 3 s after SIGTERM";
  EXPECT_LT(std::chrono::steady_clock::now() - stopped_at, std::chrono::seconds(2));
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << e2e::ReadFile(dir.Sub("sim.err"));
  std::string line = slow.ReadLine(std::chrono::milliseconds(500));
  EXPECT_NE(line.find("(stopped)"), std::string::npos) << line;
  EXPECT_GT(Count(line, "requests"), 0) << line;

  daemon.Signal(SIGTERM);
  EXPECT_TRUE(daemon.WaitFor(std::chrono::seconds(5)).has_value());
}

}  // namespace
}  // namespace tertial
