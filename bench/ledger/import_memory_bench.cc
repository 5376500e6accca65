// Memory of tertial on the user's path: a generated SIE 4 ledger of about 1.2 million
// lines imported (1) through a running tertiald (`tertial import --server`) and (2) by the
// CLI hosting the services in-process (`tertial import --data-dir`), in three settings:
//   before     --rocksdb-memory-mb=0 --compact-malloc=false: RocksDB's defaults per
//              database and glibc's malloc defaults (what tertial did before the budget);
//   budget     --rocksdb-memory-mb=96 --compact-malloc=false: the RocksDB budget alone;
//   default    --rocksdb-memory-mb=96 --compact-malloc=true: what the binaries do now.
// Prints tertiald's resident memory once the import is done and the projections have
// settled, its peak, and the CLI's peak, with the ratios against the target (< 200 MB)
// and against the run "before".
//
//   import_memory_bench [--lines 1200000] [--runs before,budget,default] [--dir DIR]

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "child_process.h"
#include "tertial/base/strings.h"
#include "tertial/config/flags.h"
#include "tertial/testing/ports.h"
#include "tertial/testing/temp_dir.h"
#include "testing/generated_ledger.h"

namespace tertial::ledger {
namespace {

using Clock = std::chrono::steady_clock;

using ::tertial::testing::FreePort;

int64_t CountLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  int64_t lines = 0;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0) {
    for (std::streamsize i = 0; i < in.gcount(); ++i) lines += buffer[i] == '\n';
  }
  return lines;
}

struct Setting {
  std::string name;
  int64_t budget_mb = 0;
  bool compact_malloc = false;
};

struct Figures {
  Setting setting;
  double daemon_rss_mb = 0;   // tertiald after the import, settled
  double daemon_peak_mb = 0;  // tertiald's VmHWM
  double daemon_seconds = 0;  // the import through it
  double cli_peak_mb = 0;     // the in-process CLI's peak RSS
  double cli_seconds = 0;
  bool ok = false;
};

Figures Measure(const Setting& setting, const std::string& dir, const std::string& sie_path) {
  Figures f{.setting = setting};
  const std::map<std::string, std::string> env = {
      {"TERTIAL_ROCKSDB_MEMORY_MB", StrCat(setting.budget_mb)},
      {"TERTIAL_COMPACT_MALLOC", setting.compact_malloc ? "true" : "false"},
      {"TERTIAL_LOG_LEVEL", "warning"}};
  const std::string run = StrCat(dir, "/", setting.name);
  std::filesystem::remove_all(run);
  std::filesystem::create_directories(run);

  // (1) tertiald, the import over gRPC.
  const std::string address = StrCat("127.0.0.1:", FreePort());
  pid_t daemon =
      bench::Start({TERTIAL_TERTIALD_BIN, "--data-dir", run + "/daemon", "--listen", address},
                   run + "/tertiald.out", env);
  bool ready = false;
  for (int i = 0; i < 600 && !ready; ++i) {
    ready =
        bench::Run({TERTIAL_HEALTHCHECK_BIN, "--addr", address, "--log-level", "off"}, "/dev/null")
            .status == 0;
    if (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (!ready) {
    std::fprintf(stderr, "tertiald did not become ready on %s\n", address.c_str());
    bench::Stop(daemon);
    return f;
  }
  bench::ChildResult imported =
      bench::Run({TERTIAL_CLI_BIN, "import", "--server", address, "--org", "0580", sie_path},
                 run + "/import-daemon.out", 0, nullptr, env);
  f.daemon_seconds = imported.seconds;
  // The other services' projections follow the ledger's events after the import returns;
  // wait until the daemon's CPU time stops growing, then read its memory.
  auto cpu_ticks = [&] {
    std::ifstream in(StrCat("/proc/", daemon, "/stat"));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    size_t close = text.rfind(')');
    std::vector<std::string> fields;
    std::string word;
    for (size_t i = close + 2; i <= text.size(); ++i) {
      if (i == text.size() || text[i] == ' ') {
        fields.push_back(word);
        word.clear();
      } else {
        word.push_back(text[i]);
      }
    }
    int64_t utime = 0, stime = 0;
    if (fields.size() > 12) {
      (void)absl::SimpleAtoi(fields[11], &utime);
      (void)absl::SimpleAtoi(fields[12], &stime);
    }
    return utime + stime;
  };
  int64_t last = -1;
  for (int i = 0; i < 120; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    int64_t now = cpu_ticks();
    if (now - last <= 2) break;  // under 40 ms of CPU in half a second: settled
    last = now;
  }
  f.daemon_rss_mb = static_cast<double>(bench::StatusKb(daemon, "VmRSS")) / 1024;
  f.daemon_peak_mb = static_cast<double>(bench::StatusKb(daemon, "VmHWM")) / 1024;
  int stopped = bench::Stop(daemon);
  if (imported.status != 0 || stopped != 0) {
    std::fprintf(stderr, "%s: import through tertiald exited %d, tertiald %d (see %s)\n",
                 setting.name.c_str(), imported.status, stopped, run.c_str());
    return f;
  }

  // (2) the CLI with the services in-process.
  bench::ChildResult cli =
      bench::Run({TERTIAL_CLI_BIN, "import", "--data-dir", run + "/cli", "--org", "0580", sie_path},
                 run + "/import-cli.out", 0, nullptr, env);
  f.cli_seconds = cli.seconds;
  f.cli_peak_mb = static_cast<double>(cli.max_rss_kb) / 1024;
  if (cli.status != 0) {
    std::fprintf(stderr, "%s: the in-process import exited %d (see %s)\n", setting.name.c_str(),
                 cli.status, run.c_str());
    return f;
  }
  f.ok = true;
  return f;
}

int Main(int argc, char** argv) {
  int64_t lines = 1'200'000;
  std::vector<std::string> runs;
  std::string dir;
  const double target_mb = 200;
  config::FlagSet flags("import_memory_bench");
  flags.Int("lines", &lines, "lines of the generated SIE file (about)");
  flags.List("runs", &runs, "settings to run: before, budget, default (all three when empty)");
  flags.String("dir", &dir, "working directory (default: a temporary one)");
  auto rest = flags.Parse(argc, argv);
  if (!rest.ok()) return config::ExitAfterParseError(rest.status());
  const std::vector<Setting> known = {
      {"before", 0, false}, {"budget", 96, false}, {"default", 96, true}};
  std::vector<Setting> settings;
  for (const Setting& s : known) {
    if (runs.empty() || std::find(runs.begin(), runs.end(), s.name) != runs.end()) {
      settings.push_back(s);
    }
  }
  if (settings.empty()) {
    return config::ExitAfterParseError(
        absl::InvalidArgumentError("--runs: expected before, budget or default"));
  }
  std::unique_ptr<tertial::testing::TempDir> temp;
  if (dir.empty()) {
    temp = std::make_unique<tertial::testing::TempDir>();
    dir = temp->path();
  }
  std::filesystem::create_directories(dir);
  const std::string sie_path = dir + "/generated.se";
  constexpr int kLinesPerVoucher = 10;  // + #VER, { and }: 13 lines per voucher
  absl::StatusOr<testing::GeneratedLedger> generated = testing::WriteGeneratedLedger(
      {.transactions = lines * kLinesPerVoucher / (kLinesPerVoucher + 3),
       .lines_per_voucher = kLinesPerVoucher,
       .units = 200},
      sie_path);
  if (!generated.ok()) {
    std::fprintf(stderr, "generate: %s\n", generated.status().ToString().c_str());
    return 1;
  }
  std::printf("import memory benchmark: %lld lines of SIE (%.1f MB, %lld vouchers, %lld #TRANS)\n",
              static_cast<long long>(CountLines(sie_path)),
              static_cast<double>(generated->sie_bytes) / (1 << 20),
              static_cast<long long>(generated->vouchers),
              static_cast<long long>(generated->transactions));

  std::vector<Figures> results;
  for (const Setting& setting : settings) {
    Figures f = Measure(setting, dir, sie_path);
    if (!f.ok) return 1;
    results.push_back(f);
    std::printf(
        "  %-8s (--rocksdb-memory-mb=%lld --compact-malloc=%s)\n"
        "           tertiald: %4.0f MB RSS after the import (peak %4.0f MB; import %5.1f s)\n"
        "           in-process CLI: peak %4.0f MB (import %5.1f s)\n",
        setting.name.c_str(), static_cast<long long>(setting.budget_mb),
        setting.compact_malloc ? "true" : "false", f.daemon_rss_mb, f.daemon_peak_mb,
        f.daemon_seconds, f.cli_peak_mb, f.cli_seconds);
  }
  const Figures* before = nullptr;
  for (const Figures& f : results) {
    if (f.setting.name == "before") before = &f;
  }
  std::printf("target: < %.0f MB RSS for the same work (ratio below 1 meets it)\n", target_mb);
  for (const Figures& f : results) {
    std::printf("  %-8s tertiald %.2f, CLI %.2f of the target", f.setting.name.c_str(),
                f.daemon_rss_mb / target_mb, f.cli_peak_mb / target_mb);
    if (before != nullptr && &f != before) {
      std::printf("; against \"before\": tertiald %.2f, CLI %.2f",
                  f.daemon_rss_mb / before->daemon_rss_mb, f.cli_peak_mb / before->cli_peak_mb);
    }
    std::printf("\n");
  }
  double load[1] = {0};
  if (getloadavg(load, 1) == 1) {
    std::printf(
        "  machine load average %.1f on %ld cores (times are slowed by other work; "
        "memory is not)\n",
        load[0], sysconf(_SC_NPROCESSORS_ONLN));
  }
  return 0;
}

}  // namespace
}  // namespace tertial::ledger

int main(int argc, char** argv) { return tertial::ledger::Main(argc, argv); }
