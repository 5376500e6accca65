// End-to-end embedded import of a generated SIE 4 ledger (parse, validate, append,
// project), beside hledger and ledger computing the same monthly balances from the same
// data. Prints every time, the import's rate and peak RSS, and the ratios.
//
//   ledger_import_bench [--transactions N] [--dir DIR] [--peers=false]
//
// The import runs in a child process so that its peak RSS is its own (wait4), not the
// generator's; the peers run as child processes too.

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "child_process.h"
#include "importer.h"
#include "projection.h"
#include "tertial/base/strings.h"
#include "tertial/config/flags.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/testing/temp_dir.h"
#include "testing/generated_ledger.h"

namespace tertial::ledger {
namespace {

using bench::ChildResult;
using bench::InChild;
using bench::Run;

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

double CpuSeconds() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

int ImportInProcess(const std::string& dir, const std::string& sie_path) {
  std::filesystem::create_directories(dir);
  auto log = eventlog::EmbeddedLog::Open(dir + "/log");
  auto db = projection::ProjectionDb::Open(dir + "/ledger");
  if (!log.ok() || !db.ok()) {
    std::fprintf(stderr, "cannot open the data directory\n");
    return 1;
  }
  LedgerProjection projection;
  projection::Runner runner(log->get(), db->get(), &projection, {.records_per_step = 20000});
  Importer importer(log->get(), db->get(), &runner);
  v1::ImportMetadata metadata;
  metadata.set_organisation("0580");
  metadata.set_file_name("generated.se");
  metadata.set_actor("bench");
  Clock::time_point start = Clock::now();
  // Phase times, from the importer's progress reports.
  struct Phase {
    v1::ImportPhase phase;
    double seconds;
    double cpu_seconds;
  };
  v1::ImportPhase phase = v1::IMPORT_PHASE_UNSPECIFIED;
  Clock::time_point phase_start = start;
  double phase_cpu = CpuSeconds();
  std::vector<Phase> phases;
  auto progress = [&](const v1::ImportProgress& p) {
    if (p.phase() == phase) return;
    if (phase != v1::IMPORT_PHASE_UNSPECIFIED) {
      phases.push_back({phase, Seconds(phase_start), CpuSeconds() - phase_cpu});
    }
    phase = p.phase();
    phase_start = Clock::now();
    phase_cpu = CpuSeconds();
  };
  absl::StatusOr<v1::ImportResult> result = importer.Import(
      metadata, sie_path, "", [](std::string_view) { return absl::OkStatus(); }, progress);
  phases.push_back({phase, Seconds(phase_start), CpuSeconds() - phase_cpu});
  double import_seconds = Seconds(start);
  if (!result.ok() || !result->committed()) {
    std::fprintf(stderr, "import failed: %s\n",
                 result.ok() ? (result->errors_size() ? result->errors(0).message().c_str() : "?")
                             : result.status().ToString().c_str());
    return 1;
  }
  start = Clock::now();
  v1::GetBalancesRequest request;
  request.set_organisation("0580");
  request.add_group_by(v1::GROUP_BY_ACCOUNT);
  request.add_group_by(v1::GROUP_BY_MONTH);
  auto snapshot = (*db)->Snapshot();
  absl::StatusOr<std::vector<v1::BalanceRow>> rows = QueryBalances(*snapshot, request);
  double query_seconds = Seconds(start);
  if (!rows.ok()) return 1;
  std::printf("  import (parse, validate, append, project): %.2f s\n", import_seconds);
  for (const Phase& p : phases) {
    std::printf("    %-8s %.2f s (%.2f s CPU)\n",
                p.phase == v1::IMPORT_PHASE_VALIDATE ? "validate"
                : p.phase == v1::IMPORT_PHASE_APPEND ? "append"
                                                     : "project",
                p.seconds, p.cpu_seconds);
  }
  std::printf("  monthly balances per account (GetBalances): %.3f s, %zu rows\n", query_seconds,
              rows->size());
  std::printf("  vouchers %lld, transactions %lld\n",
              static_cast<long long>(result->summary().vouchers()),
              static_cast<long long>(result->summary().transactions()));
  return 0;
}

int Main(int argc, char** argv) {
  int64_t transactions = 5'000'000;
  std::string dir;
  bool peers = true;
  int64_t peer_max_rss_mb = 14 * 1024;
  config::FlagSet flags("ledger_import_bench");
  flags.Int("transactions", &transactions, "#TRANS lines in the generated file");
  flags.String("dir", &dir, "working directory (default: a temporary one)");
  flags.Bool("peers", &peers, "also time hledger and ledger on the same data");
  flags.Int("peer-max-rss-mb", &peer_max_rss_mb,
            "kill a peer that grows past this resident size (hledger holds the whole journal)");
  auto rest = flags.Parse(argc, argv);
  if (!rest.ok()) {
    std::fprintf(stderr, "%s\n", std::string(rest.status().message()).c_str());
    return 2;
  }
  std::unique_ptr<tertial::testing::TempDir> temp;
  if (dir.empty()) {
    temp = std::make_unique<tertial::testing::TempDir>();
    dir = temp->path();
  }
  std::filesystem::create_directories(dir);
  const std::string sie_path = dir + "/generated.se";
  const std::string journal_path = dir + "/generated.journal";

  std::printf("ledger import benchmark: %lld #TRANS lines\n", static_cast<long long>(transactions));
  Clock::time_point start = Clock::now();
  absl::StatusOr<testing::GeneratedLedger> generated = testing::WriteGeneratedLedger(
      {.transactions = transactions, .units = 200, .journal_path = peers ? journal_path : ""},
      sie_path);
  if (!generated.ok()) {
    std::fprintf(stderr, "generate: %s\n", generated.status().ToString().c_str());
    return 1;
  }
  std::printf("  generated %.1f MB of SIE in %.1f s (not timed below)\n",
              static_cast<double>(generated->sie_bytes) / (1 << 20), Seconds(start));

  ChildResult tertial = InChild([&] { return ImportInProcess(dir + "/data", sie_path); });
  if (tertial.status != 0) return 1;
  const double lines_per_second = static_cast<double>(generated->transactions) / tertial.seconds;
  std::printf(
      "tertial: %.2f s end to end (child process, incl. open; %.2f s CPU), %.0f #TRANS "
      "lines/s, peak RSS %.0f MB\n",
      tertial.seconds, tertial.cpu_seconds, lines_per_second,
      static_cast<double>(tertial.max_rss_kb) / 1024);
  double load[1] = {0};
  if (getloadavg(load, 1) == 1) {
    std::printf("  machine load average %.1f on %ld cores (other work slows every figure)\n",
                load[0], sysconf(_SC_NPROCESSORS_ONLN));
  }
  std::printf("  target: >= 500000 lines/s (ratio %.2f), peak RSS < 300 MB (ratio %.2f)\n",
              lines_per_second / 500000.0, static_cast<double>(tertial.max_rss_kb) / 1024 / 300.0);
  std::printf(
      "  per CPU second: %.0f #TRANS lines (ratio to the target %.2f): the rate on an "
      "idle machine if the import's threads never overlapped\n",
      static_cast<double>(generated->transactions) / tertial.cpu_seconds,
      static_cast<double>(generated->transactions) / tertial.cpu_seconds / 500000.0);
  if (!peers) return 0;

  auto outcome = [&](const ChildResult& r, bool killed) {
    return killed          ? StrCat(" (KILLED at ", peer_max_rss_mb, " MB resident)")
           : r.status == 0 ? std::string()
                           : std::string(" (FAILED)");
  };
  bool hledger_killed = false, ledger_killed = false;
  ChildResult hledger = Run({"hledger", "-f", journal_path, "balance", "-M", "-O", "csv"},
                            dir + "/hledger.csv", peer_max_rss_mb, &hledger_killed);
  std::printf("hledger balance -M: %.2f s (%.2f s CPU), peak RSS %.0f MB%s\n", hledger.seconds,
              hledger.cpu_seconds, static_cast<double>(hledger.max_rss_kb) / 1024,
              outcome(hledger, hledger_killed).c_str());
  ChildResult ledger = Run({"ledger", "-f", journal_path, "register", "--monthly"},
                           dir + "/ledger.txt", peer_max_rss_mb, &ledger_killed);
  std::printf("ledger register --monthly: %.2f s (%.2f s CPU), peak RSS %.0f MB%s\n",
              ledger.seconds, ledger.cpu_seconds, static_cast<double>(ledger.max_rss_kb) / 1024,
              outcome(ledger, ledger_killed).c_str());
  std::printf("ratios (peer time / tertial time): hledger %s%.2f, ledger %s%.2f\n",
              hledger_killed ? "> " : "", hledger.seconds / tertial.seconds,
              ledger_killed ? "> " : "", ledger.seconds / tertial.seconds);
  return 0;
}

}  // namespace
}  // namespace tertial::ledger

int main(int argc, char** argv) { return tertial::ledger::Main(argc, argv); }
