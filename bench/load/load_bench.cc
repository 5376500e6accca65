// The services under load: N closed-loop callers against a tertiald holding the demo
// municipality. Two calls, each with its own target (issue 12, on this 2-core machine):
// - balances: GetBalances for the organisation by unit, rolled up, jan–aug 2021 (the query
//   behind the report's operating statement); p99 < 5 ms at 2,000 requests/s, no errors;
// - render: Render of Kommunstyrelsen's report per 2021-08 as HTML (what the board reads);
//   p99 < 100 ms at 20 requests/s.
// Prints per N the p50, p99 and p999 latency, the throughput, the errors, and throughput
// and p99 as a ratio of the first level's, measured in the same run.
//
//   load_bench [--method balances|render|both] [--format html] [--seconds 3]
//              [--callers 1,2,4,8]
//
// Balances run on the demo's ledgers alone; render sets up the whole demo with
// scripts/demo-pipeline first (budgets, forecast, plan, narrative), then serves its data.
// Before reads waited on the log, every query took the projection's apply lock, so N
// callers queued behind each other; the ratio column shows how far throughput now grows
// with callers instead.

#include <grpcpp/grpcpp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "../ledger/child_process.h"
#include "absl/strings/numbers.h"
#include "tertial/base/strings.h"
#include "tertial/config/flags.h"
#include "tertial/ledger/v1/service.grpc.pb.h"
#include "tertial/reporting/v1/service.grpc.pb.h"
#include "tertial/testing/ports.h"
#include "tertial/testing/temp_dir.h"

namespace tertial {
namespace {

using Clock = std::chrono::steady_clock;
namespace ledger_v1 = ::tertial::ledger::v1;
namespace reporting_v1 = ::tertial::reporting::v1;

using ::tertial::testing::FreePort;

struct Level {
  int callers = 0;
  int64_t requests = 0;
  int64_t errors = 0;
  double seconds = 0;
  double p50_ms = 0, p99_ms = 0, p999_ms = 0;
  double per_second() const { return seconds > 0 ? static_cast<double>(requests) / seconds : 0; }
};

double Quantile(std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  size_t i = std::min(sorted.size() - 1, static_cast<size_t>(q * static_cast<double>(sorted.size())));
  return sorted[i];
}

// One call of a caller: true when it succeeded with a real answer.
using Call = std::function<bool()>;
// Makes the calls of one caller (its own stub on the shared connection).
using CallerFactory = std::function<Call(const std::shared_ptr<grpc::Channel>&)>;

grpc::ClientContext* WithDeadline(grpc::ClientContext* context) {
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  return context;
}

Call BalancesCaller(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = std::shared_ptr<ledger_v1::LedgerService::Stub>(
      ledger_v1::LedgerService::NewStub(channel));
  ledger_v1::GetBalancesRequest request;
  request.set_organisation("0580");
  request.add_group_by(ledger_v1::GROUP_BY_UNIT);
  request.set_rollup_units(true);
  request.mutable_range()->mutable_first()->set_year(2021);
  request.mutable_range()->mutable_first()->set_month(1);
  request.mutable_range()->mutable_last()->set_year(2021);
  request.mutable_range()->mutable_last()->set_month(8);
  return [stub, request] {
    grpc::ClientContext context;
    ledger_v1::GetBalancesResponse response;
    return stub->GetBalances(WithDeadline(&context), request, &response).ok() &&
           response.rows_size() > 0;
  };
}

CallerFactory RenderCaller(const std::string& format) {
  return [format](const std::shared_ptr<grpc::Channel>& channel) -> Call {
    auto stub = std::shared_ptr<reporting_v1::ReportService::Stub>(
        reporting_v1::ReportService::NewStub(channel));
    reporting_v1::RenderRequest request;
    request.set_organisation("0580");
    request.set_board("KS");
    request.mutable_period()->set_year(2021);
    request.mutable_period()->set_month(8);
    request.set_format(format);
    return [stub, request] {
      grpc::ClientContext context;
      auto reader = stub->Render(WithDeadline(&context), request);
      reporting_v1::RenderChunk chunk;
      int64_t bytes = 0;
      while (reader->Read(&chunk)) bytes += static_cast<int64_t>(chunk.data().size());
      return reader->Finish().ok() && bytes > 0;
    };
  };
}

Level Drive(const std::shared_ptr<grpc::Channel>& channel, const CallerFactory& make_caller,
            int callers, double seconds) {
  std::vector<std::vector<double>> latencies(callers);
  std::atomic<int64_t> errors{0};
  auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(seconds));
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < callers; ++c) {
    threads.emplace_back([&, c, call = make_caller(channel)] {
      while (Clock::now() < until) {
        auto sent = Clock::now();
        bool ok = call();
        double ms = std::chrono::duration<double, std::milli>(Clock::now() - sent).count();
        if (!ok) ++errors;
        latencies[c].push_back(ms);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  Level level{.callers = callers,
              .errors = errors,
              .seconds = std::chrono::duration<double>(Clock::now() - start).count()};
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  level.requests = static_cast<int64_t>(all.size());
  level.p50_ms = Quantile(all, 0.50);
  level.p99_ms = Quantile(all, 0.99);
  level.p999_ms = Quantile(all, 0.999);
  return level;
}

void PrintLevels(const std::string& title, const std::vector<Level>& levels,
                 const std::string& target) {
  std::printf("%s\n", title.c_str());
  std::printf("%8s %10s %9s %9s %9s %8s %12s %10s\n", "callers", "req/s", "p50 ms", "p99 ms",
              "p999 ms", "errors", "req/s ratio", "p99 ratio");
  const Level& base = levels.front();
  for (const Level& l : levels) {
    std::printf("%8d %10.1f %9.2f %9.2f %9.2f %8lld %11.2fx %9.2fx\n", l.callers, l.per_second(),
                l.p50_ms, l.p99_ms, l.p999_ms, static_cast<long long>(l.errors),
                base.per_second() > 0 ? l.per_second() / base.per_second() : 0,
                base.p99_ms > 0 ? l.p99_ms / base.p99_ms : 0);
  }
  std::printf("target: %s\n\n", target.c_str());
}

// Starts tertiald on `data_dir` at `address` and waits until it answers; -1 if it does not.
pid_t StartDaemon(const testing::TempDir& dir, const std::string& data_dir,
                  const std::string& address, const std::map<std::string, std::string>& env) {
  pid_t daemon = bench::Start({TERTIAL_TERTIALD_BIN, "--data-dir", data_dir, "--listen", address},
                              dir.Sub("tertiald.out"), env);
  for (int i = 0; i < 600; ++i) {
    if (bench::Run({TERTIAL_HEALTHCHECK_BIN, "--addr", address, "--log-level", "off"},
                   "/dev/null")
            .status == 0) {
      return daemon;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::fprintf(stderr, "tertiald did not become ready on %s\n", address.c_str());
  bench::Stop(daemon);
  return -1;
}

std::vector<Level> DriveLevels(const std::string& address, const CallerFactory& make_caller,
                               const std::vector<int>& callers, double seconds) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(-1);
  std::vector<Level> levels;
  for (int n : callers) {
    args.SetInt("grpc.channel_id", n);  // a fresh connection per level
    auto channel = grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
    Drive(channel, make_caller, 1, 0.3);  // warm-up
    levels.push_back(Drive(channel, make_caller, n, seconds));
  }
  return levels;
}

// The demo's ledgers only, imported through the CLI into a fresh tertiald: enough for
// GetBalances. The daemon is left running; -1 on failure.
pid_t LedgersOnly(const testing::TempDir& dir, const std::string& address,
                  const std::map<std::string, std::string>& env) {
  const std::string demo = dir.Sub("demo");
  if (bench::Run({TERTIAL_DEMO_DATA_BIN, "--out", demo}, dir.Sub("demo.out")).status != 0) {
    std::fprintf(stderr, "tertial-demo-data failed\n");
    return -1;
  }
  pid_t daemon = StartDaemon(dir, dir.Sub("data"), address, env);
  if (daemon < 0) return -1;
  bench::ChildResult imported = bench::Run(
      {TERTIAL_CLI_BIN, "import", "--server", address, "--org", "0580", demo + "/units.csv",
       demo + "/projects.csv", demo + "/ledger-2020.se", demo + "/ledger-2021.se"},
      dir.Sub("import.out"), 0, nullptr, env);
  if (imported.status != 0) {
    std::fprintf(stderr, "the demo import failed (see %s)\n", dir.Sub("import.out").c_str());
    bench::Stop(daemon);
    return -1;
  }
  return daemon;
}

// The whole demo (scripts/demo-pipeline: every import, the forecast, the plan, the
// narrative), then a tertiald serving its data. -1 on failure.
pid_t WholeDemo(const testing::TempDir& dir, const std::string& address,
                const std::map<std::string, std::string>& env) {
  const std::string work = dir.Sub("work");
  // With its own log settings: it reads the daemon's start-up lines.
  bench::ChildResult pipeline = bench::Run(
      {TERTIAL_SOURCE_DIR "/scripts/demo-pipeline", "--build-dir", TERTIAL_BINARY_DIR, "--out",
       dir.Sub("out"), "--work", work, "--port", "0", "--fresh"},
      dir.Sub("pipeline.out"));
  if (pipeline.status != 0) {
    std::ifstream err(dir.Sub("pipeline.out.stderr"));
    std::fprintf(stderr, "scripts/demo-pipeline failed:\n%s\n",
                 std::string(std::istreambuf_iterator<char>(err), {}).c_str());
    return -1;
  }
  return StartDaemon(dir, work + "/data", address, env);
}

int Main(int argc, char** argv) {
  int64_t seconds = 3;
  std::string method = "both";
  std::string format = "html";
  std::vector<std::string> callers_text;
  config::FlagSet flags("load_bench");
  flags.String("method", &method, "balances, render or both");
  flags.String("format", &format, "what render asks for: html, md, xlsx or json");
  flags.Int("seconds", &seconds, "how long each number of callers runs");
  flags.List("callers", &callers_text,
             "numbers of concurrent callers, the first the baseline; default 1,2,4,8");
  auto rest = flags.Parse(argc, argv);
  if (!rest.ok()) return config::ExitAfterParseError(rest.status());
  if (method != "balances" && method != "render" && method != "both") {
    std::fprintf(stderr, "--method %s: expected balances, render or both\n", method.c_str());
    return 2;
  }
  if (callers_text.empty()) callers_text = {"1", "2", "4", "8"};
  std::vector<int> callers;
  for (const std::string& text : callers_text) {
    int n = 0;
    if (!absl::SimpleAtoi(text, &n) || n < 1 || n > 256) {
      std::fprintf(stderr, "--callers %s: expected numbers 1..256\n", text.c_str());
      return 2;
    }
    callers.push_back(n);
  }
  const std::map<std::string, std::string> env = {{"TERTIAL_LOG_LEVEL", "warning"}};
  const double level_seconds = static_cast<double>(seconds);

  if (method != "render") {
    testing::TempDir dir;
    const std::string address = StrCat("127.0.0.1:", FreePort());
    pid_t daemon = LedgersOnly(dir, address, env);
    if (daemon < 0) return 1;
    std::vector<Level> levels = DriveLevels(address, BalancesCaller, callers, level_seconds);
    bench::Stop(daemon);
    PrintLevels(StrCat("GetBalances (0580, by unit, rolled up, 2021-01..2021-08) on tertiald, ",
                       seconds, " s per level"),
                levels, "p99 < 5 ms at 2000 requests/s with zero errors (issue 12)");
  }
  if (method != "balances") {
    testing::TempDir dir;
    const std::string address = StrCat("127.0.0.1:", FreePort());
    pid_t daemon = WholeDemo(dir, address, env);
    if (daemon < 0) return 1;
    std::vector<Level> levels = DriveLevels(address, RenderCaller(format), callers, level_seconds);
    bench::Stop(daemon);
    PrintLevels(StrCat("Render (0580, KS, 2021-08, ", format,
                       ") on tertiald with the whole demo, ", seconds, " s per level"),
                levels, "p99 < 100 ms at 20 requests/s (issue 12)");
  }
  return 0;
}

}  // namespace
}  // namespace tertial

int main(int argc, char** argv) { return tertial::Main(argc, argv); }
