// Freshness on the user's path: how long after `tertial import` starts each projection
// holds the imported file (issue 14: the same 1.2M-line file reflected in every projection
// — balances, forecast, goals, report — in < 2.5 s end to end), and how fast each service
// rebuilds its projections from the log (`tertial rebuild --service S`).
//
// Per run it starts a tertiald on a fresh data directory, imports a generated SIE ledger
// through the CLI (--print-position gives the import's position token) and meanwhile polls
// tertial.admin.v1.AdminService/Status every few milliseconds: a projection is consistent
// once its consumed offsets on the ledger topic reach the token's positions. Then it times
// `tertial rebuild` of each service. It prints per projection the time until consistent, as
// a ratio of the ledger projection's (the baseline measured in the same run), beside the
// target; with --baseline-bin, the same for another build's tertiald and tertial (runs
// alternate, new then old, and the ratios new/old are taken run by run).
//
//   freshness_bench [--lines 1200000] [--runs 1] [--baseline-bin DIR] [--rebuild=true]
//                   [--dir DIR]
//
// DIR of --baseline-bin holds `tertiald` and `tertial` (or is a build directory with
// apps/tertiald and apps/tertial). Children are tests/e2e's Process: an interrupted bench
// leaves no server behind.

#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "process.h"
#include "tertial/admin/v1/service.grpc.pb.h"
#include "tertial/base/strings.h"
#include "tertial/config/flags.h"
#include "tertial/eventlog/log_positions.h"
#include "tertial/testing/ports.h"
#include "tertial/testing/serving.h"
#include "tertial/testing/temp_dir.h"
#include "testing/generated_ledger.h"

namespace tertial {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr double kTargetSeconds = 2.5;  // issue 14: every projection, end to end
constexpr std::string_view kLedgerTopic = "tertial.ledger.v1";
const std::vector<std::string> kServices = {"ledger", "forecast", "goals", "reporting"};

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Binaries {
  std::string label;
  std::string tertiald;
  std::string cli;
};

std::optional<Binaries> BinariesIn(const std::string& label, const std::string& dir) {
  for (const std::string& sub : {std::string("/apps/"), std::string("/")}) {
    Binaries b{label, dir + sub + "tertiald", dir + sub + "tertial"};
    if (access(b.tertiald.c_str(), X_OK) == 0 && access(b.cli.c_str(), X_OK) == 0) return b;
  }
  return std::nullopt;
}

struct RunFigures {
  bool ok = false;
  std::string error;
  double import_seconds = 0;                 // the CLI's import returned
  std::map<std::string, double> consistent;  // service -> seconds until it holds the import
  std::map<std::string, double> rebuild;     // service -> seconds `tertial rebuild` took
  int64_t ledger_records = 0;                // the import's batch, in log positions
};

// The consumed offsets on the ledger topic of each service's projection, as Status says.
std::map<std::string, eventlog::LogPositions::Map> Consumed(admin::v1::AdminService::Stub& stub) {
  std::map<std::string, eventlog::LogPositions::Map> out;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + seconds(2));
  admin::v1::StatusResponse response;
  if (!stub.Status(&context, admin::v1::StatusRequest(), &response).ok()) return out;
  for (const admin::v1::ProjectionStatus& projection : response.projections()) {
    for (const admin::v1::PartitionStatus& p : projection.partitions()) {
      if (p.topic() == kLedgerTopic) {
        out[projection.service()][{p.topic(), p.partition()}] = p.consumed_offset();
      }
    }
  }
  return out;
}

bool Reached(const eventlog::LogPositions::Map& consumed, const eventlog::LogPositions& target) {
  for (const auto& [tp, offset] : target.positions()) {
    auto it = consumed.find(tp);
    if (it == consumed.end() || it->second < offset) return false;
  }
  return true;
}

RunFigures RunOnce(const Binaries& bin, const std::string& sie_path, const std::string& dir,
                   bool rebuild) {
  RunFigures figures;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string address = StrCat("127.0.0.1:", testing::FreePort());
  const e2e::Env quiet = {{"TERTIAL_LOG_LEVEL", "warning"}};
  auto server = std::make_unique<e2e::Process>(
      std::vector<std::string>{bin.tertiald, "--data-dir", dir + "/data", "--listen", address},
      quiet, dir + "/tertiald.log");
  auto stop = [&] {
    server->Signal(SIGTERM);
    if (!server->WaitFor(seconds(5))) std::fprintf(stderr, "freshness_bench: tertiald killed\n");
    server.reset();
  };
  if (!testing::WaitServing(address, seconds(60))) {
    figures.error = StrCat("tertiald never served; see ", dir, "/tertiald.log");
    stop();
    return figures;
  }
  auto stub = admin::v1::AdminService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  e2e::Env cli = {{"TERTIAL_LOG_LEVEL", "warning"},
                  {"TERTIAL_SERVER", address},
                  {"TERTIAL_ORG", "0580"},
                  {"TERTIAL_ACTOR", "freshness.bench"}};
  cli.insert_or_assign("TERTIAL_PRINT_POSITION", std::string("1"));

  // What each poll saw: when, and the consumed offsets per service.
  struct Sample {
    double at;
    std::map<std::string, eventlog::LogPositions::Map> consumed;
  };
  std::vector<Sample> samples;
  const Clock::time_point start = Clock::now();
  e2e::Process import({bin.cli, "import", sie_path}, cli, dir + "/import.err");
  std::optional<int> status;
  while (!(status = import.WaitFor(milliseconds(0))).has_value()) {
    samples.push_back({Since(start), Consumed(*stub)});
    std::this_thread::sleep_for(milliseconds(5));
    if (Since(start) > 600) break;
  }
  figures.import_seconds = Since(start);
  std::string err = e2e::ReadFile(dir + "/import.err");
  constexpr std::string_view kPrinted = "tertial: position: ";
  size_t at = err.find(kPrinted);
  if (!status || !WIFEXITED(*status) || WEXITSTATUS(*status) != 0 || at == std::string::npos) {
    figures.error = StrCat("the import failed or printed no position:\n", err);
    stop();
    return figures;
  }
  at += kPrinted.size();
  absl::StatusOr<eventlog::LogPositions> token =
      eventlog::LogPositions::ParseToken(err.substr(at, err.find('\n', at) - at));
  if (!token.ok()) {
    figures.error = token.status().ToString();
    stop();
    return figures;
  }
  for (const auto& [tp, offset] : token->positions()) figures.ledger_records += offset;
  for (;;) {
    samples.push_back({Since(start), Consumed(*stub)});
    bool all = true;
    for (const std::string& service : kServices) {
      all = all && Reached(samples.back().consumed[service], *token);
    }
    if (all || Since(start) > 600) break;
    std::this_thread::sleep_for(milliseconds(5));
  }
  for (const std::string& service : kServices) {
    for (const Sample& sample : samples) {
      auto it = sample.consumed.find(service);
      if (it != sample.consumed.end() && Reached(it->second, *token)) {
        // The ledger's projection is applied before the import returns.
        figures.consistent[service] =
            service == "ledger" ? std::min(sample.at, figures.import_seconds) : sample.at;
        break;
      }
    }
  }
  if (figures.consistent.size() != kServices.size()) {
    figures.error = "some projection never held the import within 10 minutes";
    stop();
    return figures;
  }
  if (rebuild) {
    for (const std::string& service : kServices) {
      const Clock::time_point began = Clock::now();
      e2e::Result r = e2e::Run({bin.cli, "rebuild", "--service", service}, cli, seconds(600));
      if (r.exit_code != 0) {
        figures.error = StrCat("tertial rebuild --service ", service, " failed:\n", r.err);
        stop();
        return figures;
      }
      figures.rebuild[service] = Since(began);
    }
  }
  stop();
  figures.ok = true;
  return figures;
}

void Print(const Binaries& bin, int run, const RunFigures& f) {
  std::printf("%s, run %d: import returned after %.2f s (%lld ledger positions)\n",
              bin.label.c_str(), run, f.import_seconds, static_cast<long long>(f.ledger_records));
  const double ledger = f.consistent.at("ledger");
  double all = 0;
  for (const std::string& service : kServices) {
    const double t = f.consistent.at(service);
    all = std::max(all, t);
    std::printf("  %-9s consistent after %6.2f s  (%.2fx the ledger projection's)\n",
                service.c_str(), t, ledger > 0 ? t / ledger : 0);
  }
  std::printf("  every projection consistent after %.2f s; target < %.1f s (ratio %.2f)\n", all,
              kTargetSeconds, all / kTargetSeconds);
  for (const auto& [service, seconds] : f.rebuild) {
    std::printf("  tertial rebuild --service %-9s %6.2f s  (%.0f log positions/s)\n",
                service.c_str(), seconds, static_cast<double>(f.ledger_records) / seconds);
  }
}

int Main(int argc, char** argv) {
  int64_t lines = 1'200'000;
  int64_t runs = 1;
  std::string baseline_dir;
  std::string dir;
  bool rebuild = true;
  config::FlagSet flags("freshness_bench");
  flags.Int("lines", &lines, "#TRANS lines in the generated SIE file (10 per voucher)");
  flags.Int("runs", &runs, "runs per build (new and baseline alternate)");
  flags.String("baseline-bin", &baseline_dir,
               "another build's tertiald and tertial, timed in turn with this build's");
  flags.Bool("rebuild", &rebuild, "also time `tertial rebuild --service S` for every service");
  flags.String("dir", &dir, "working directory (default: a temporary one)");
  auto rest = flags.Parse(argc, argv);
  if (!rest.ok()) {
    std::fprintf(stderr, "%s\n", std::string(rest.status().message()).c_str());
    return 2;
  }
  std::vector<Binaries> builds;
  builds.push_back(*BinariesIn("this build", TERTIAL_BINARY_DIR));
  if (!baseline_dir.empty()) {
    std::optional<Binaries> baseline = BinariesIn("baseline", baseline_dir);
    if (!baseline) {
      std::fprintf(stderr, "--baseline-bin: no executable tertiald and tertial in %s\n",
                   baseline_dir.c_str());
      return 2;
    }
    builds.push_back(*baseline);
  }
  std::unique_ptr<testing::TempDir> temp;
  if (dir.empty()) {
    temp = std::make_unique<testing::TempDir>();
    dir = temp->path();
  }
  std::filesystem::create_directories(dir);
  const std::string sie_path = dir + "/generated.se";
  absl::StatusOr<ledger::testing::GeneratedLedger> generated =
      ledger::testing::WriteGeneratedLedger({.transactions = lines, .units = 200}, sie_path);
  if (!generated.ok()) {
    std::fprintf(stderr, "generate: %s\n", generated.status().ToString().c_str());
    return 1;
  }
  std::printf("freshness benchmark: %lld vouchers, %lld #TRANS lines (%.1f MB of SIE)\n",
              static_cast<long long>(generated->vouchers),
              static_cast<long long>(generated->transactions),
              static_cast<double>(generated->sie_bytes) / (1 << 20));
  std::map<std::string, std::vector<RunFigures>> results;
  for (int run = 1; run <= runs; ++run) {
    for (size_t b = 0; b < builds.size(); ++b) {
      const Binaries& bin = builds[b];
      RunFigures f = RunOnce(bin, sie_path, StrCat(dir, "/run-", run, "-", b), rebuild);
      if (!f.ok) {
        std::fprintf(stderr, "%s, run %d: %s\n", bin.label.c_str(), run, f.error.c_str());
        return 1;
      }
      Print(bin, run, f);
      results[bin.label].push_back(std::move(f));
    }
  }
  if (builds.size() == 2) {
    std::printf("this build / baseline, run by run (below 1: faster):\n");
    const auto& a = results[builds[0].label];
    const auto& b = results[builds[1].label];
    for (size_t i = 0; i < a.size(); ++i) {
      std::printf("  run %zu: import %.2f", i + 1, a[i].import_seconds / b[i].import_seconds);
      for (const std::string& service : kServices) {
        std::printf(", %s %.2f", service.c_str(),
                    a[i].consistent.at(service) / b[i].consistent.at(service));
      }
      for (const auto& [service, seconds] : a[i].rebuild) {
        std::printf(", rebuild %s %.2f", service.c_str(), seconds / b[i].rebuild.at(service));
      }
      std::printf("\n");
    }
  }
  double load[1] = {0};
  if (getloadavg(load, 1) == 1) {
    std::printf("machine load average %.1f on %ld cores (other work slows every figure)\n", load[0],
                sysconf(_SC_NPROCESSORS_ONLN));
  }
  return 0;
}

}  // namespace
}  // namespace tertial

int main(int argc, char** argv) { return tertial::Main(argc, argv); }
