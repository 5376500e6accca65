// The services under load: N callers against the demo municipality, embedded (one
// tertiald) and apart (the four services on tertial-devbroker, as Kafka runs them), quiet
// and while an import runs. Three calls, with issue 12's targets on this 2-core machine:
// - balances: GetBalances for the organisation by unit, rolled up, jan–aug 2021 (the query
//   behind the report's operating statement); p99 < 5 ms at 2,000 requests/s, no errors;
// - forecast: GetForecast of 2021 for every unit (the forecast page); no target given;
// - render: Render of Kommunstyrelsen's report per 2021-08 (what the board reads);
//   p99 < 100 ms at 20 requests/s.
// For each deployment and call it prints:
// - closed loop: per number of callers the p50, p99 and p999 latency, throughput and
//   errors, and throughput and p99 as a ratio of the first level's (how reads scale);
// - at the target's rate: callers paced to the rate (latency counted from the scheduled
//   send, so a server that falls behind is not hidden), quiet and then while a generated
//   SIE ledger is imported again and again into other organisations, with p99 during the
//   import / p99 quiet, beside the target; during the import once per way of reading
//   (--reads): `latest` (no header: wait for the log's end at call time, the default),
//   `token` (x-tertial-after: the position token of the demo cycle's commands, read your
//   own writes) and `snapshot` (x-tertial-after: snapshot, no wait);
// and at the end p99 apart / p99 embedded. Everything in the same run.
//
//   load_bench [--method balances,forecast,render] [--deployment embedded,apart]
//              [--seconds 2] [--callers 1,2,4,8] [--paced-callers 8] [--format html]
//              [--rate-balances 2000] [--rate-forecast 100] [--rate-render 20]
//              [--import-lines 100000 (0: no import phase)] [--reads latest,token,snapshot]
//
// The default run takes about 1.5 minutes; longer windows (--seconds 10) steady p999.

#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "deployment.h"
#include "tertial/base/strings.h"
#include "tertial/config/flags.h"
#include "tertial/forecast/v1/service.grpc.pb.h"
#include "tertial/ledger/v1/service.grpc.pb.h"
#include "tertial/reporting/v1/service.grpc.pb.h"
#include "tertial/testing/temp_dir.h"
#include "testing/generated_ledger.h"

namespace tertial {
namespace {

using Clock = std::chrono::steady_clock;
namespace ledger_v1 = ::tertial::ledger::v1;
namespace forecast_v1 = ::tertial::forecast::v1;
namespace reporting_v1 = ::tertial::reporting::v1;

struct Level {
  int callers = 0;
  int64_t requests = 0;
  int64_t errors = 0;
  double seconds = 0;
  double p50_ms = 0, p99_ms = 0, p999_ms = 0;
  double per_second() const { return seconds > 0 ? static_cast<double>(requests) / seconds : 0; }
};

// Set by SIGINT or SIGTERM: the bench winds down (its windows end, its children are
// stopped, its temporary directories removed). A second signal ends it at once; its
// children then die with it (PR_SET_PDEATHSIG) and only the directories stay.
std::atomic<bool> interrupted{false};

void OnInterrupt(int) { interrupted = true; }

void WindDownOnInterrupt() {
  for (int signal : {SIGINT, SIGTERM}) {
    struct sigaction old {};
    sigaction(signal, nullptr, &old);
    if (old.sa_handler == SIG_IGN) continue;  // started in the background: leave it so
    struct sigaction action {};
    action.sa_handler = OnInterrupt;
    action.sa_flags = SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    sigaction(signal, &action, nullptr);
  }
}

double Quantile(std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  size_t i =
      std::min(sorted.size() - 1, static_cast<size_t>(q * static_cast<double>(sorted.size())));
  return sorted[i];
}

double Ratio(double a, double b) { return b > 0 ? a / b : 0; }

// One call of a caller: true when it succeeded with a real answer.
using Call = std::function<bool()>;
// Makes the calls of one caller (its own stub on the shared connection), each sending
// `after` as x-tertial-after unless empty.
using CallerFactory =
    std::function<Call(const std::shared_ptr<grpc::Channel>&, const std::string& after)>;

grpc::ClientContext* WithDeadline(grpc::ClientContext* context, const std::string& after) {
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  if (!after.empty()) context->AddMetadata("x-tertial-after", after);
  return context;
}

Call BalancesCaller(const std::shared_ptr<grpc::Channel>& channel, const std::string& after) {
  auto stub =
      std::shared_ptr<ledger_v1::LedgerService::Stub>(ledger_v1::LedgerService::NewStub(channel));
  ledger_v1::GetBalancesRequest request;
  request.set_organisation("0580");
  request.add_group_by(ledger_v1::GROUP_BY_UNIT);
  request.set_rollup_units(true);
  request.mutable_range()->mutable_first()->set_year(2021);
  request.mutable_range()->mutable_first()->set_month(1);
  request.mutable_range()->mutable_last()->set_year(2021);
  request.mutable_range()->mutable_last()->set_month(8);
  return [stub, request, after] {
    grpc::ClientContext context;
    ledger_v1::GetBalancesResponse response;
    return stub->GetBalances(WithDeadline(&context, after), request, &response).ok() &&
           response.rows_size() > 0;
  };
}

Call ForecastCaller(const std::shared_ptr<grpc::Channel>& channel, const std::string& after) {
  auto stub = std::shared_ptr<forecast_v1::ForecastService::Stub>(
      forecast_v1::ForecastService::NewStub(channel));
  forecast_v1::GetForecastRequest request;
  request.set_organisation("0580");
  request.set_fiscal_year(2021);
  return [stub, request, after] {
    grpc::ClientContext context;
    forecast_v1::GetForecastResponse response;
    return stub->GetForecast(WithDeadline(&context, after), request, &response).ok() &&
           response.units_size() > 0;
  };
}

CallerFactory RenderCaller(const std::string& format) {
  return [format](const std::shared_ptr<grpc::Channel>& channel, const std::string& after) -> Call {
    auto stub = std::shared_ptr<reporting_v1::ReportService::Stub>(
        reporting_v1::ReportService::NewStub(channel));
    reporting_v1::RenderRequest request;
    request.set_organisation("0580");
    request.set_board("KS");
    request.mutable_period()->set_year(2021);
    request.mutable_period()->set_month(8);
    request.set_format(format);
    return [stub, request, after] {
      grpc::ClientContext context;
      auto reader = stub->Render(WithDeadline(&context, after), request);
      reporting_v1::RenderChunk chunk;
      int64_t bytes = 0;
      while (reader->Read(&chunk)) bytes += static_cast<int64_t>(chunk.data().size());
      return reader->Finish().ok() && bytes > 0;
    };
  };
}

// `callers` callers for `seconds`. Closed loop when `rate` is 0 (each sends as soon as its
// last answer came); else each caller sends at its share of `rate`, on a fixed schedule,
// and a call's latency runs from when it was due: a caller that falls behind sends at once
// and its wait counts (no coordinated omission).
Level Drive(const std::shared_ptr<grpc::Channel>& channel, const CallerFactory& make_caller,
            int callers, double seconds, double rate = 0, const std::string& after = "") {
  std::vector<std::vector<double>> latencies(callers);
  std::atomic<int64_t> errors{0};
  auto start = Clock::now();
  auto until =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  const auto interval = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(rate > 0 ? callers / rate : 0));
  std::vector<std::thread> threads;
  for (int c = 0; c < callers; ++c) {
    threads.emplace_back([&, c, call = make_caller(channel, after)] {
      auto due = start + interval * c / callers;  // callers staggered over one interval
      while (!interrupted) {
        if (rate > 0) {
          // Calls still due when the window closes are not sent: the rate falls short.
          if (due >= until || Clock::now() >= until) break;
          std::this_thread::sleep_until(due);
        } else {
          due = Clock::now();
          if (due >= until) break;
        }
        bool ok = call();
        latencies[c].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - due).count());
        if (!ok) ++errors;
        due += interval;
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

std::shared_ptr<grpc::Channel> Connect(const std::string& address, int id) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(-1);
  args.SetInt("grpc.channel_id", id);  // a fresh connection each time
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

// One of the three calls, where it is served, and its target.
struct Method {
  std::string name;     // balances, forecast, render
  std::string title;    // what is asked
  std::string service;  // which service answers
  CallerFactory make_caller;
  double rate = 0;        // paced runs; the target's rate where there is one
  double target_p99 = 0;  // ms; 0: no target
};

void PrintLevels(const std::string& title, const std::vector<Level>& levels) {
  std::printf("%s\n", title.c_str());
  std::printf("%8s %10s %9s %9s %9s %8s %12s %10s\n", "callers", "req/s", "p50 ms", "p99 ms",
              "p999 ms", "errors", "req/s ratio", "p99 ratio");
  const Level& base = levels.front();
  for (const Level& l : levels) {
    std::printf("%8d %10.1f %9.2f %9.2f %9.2f %8lld %11.2fx %9.2fx\n", l.callers, l.per_second(),
                l.p50_ms, l.p99_ms, l.p999_ms, static_cast<long long>(l.errors),
                Ratio(l.per_second(), base.per_second()), Ratio(l.p99_ms, base.p99_ms));
  }
  std::fflush(stdout);
}

// The target, and whether a paced run met it: the rate reached (within 2 %), p99 under
// the bound, no error.
std::string Verdict(const Method& m, const Level& l) {
  if (m.target_p99 <= 0) return "no target";
  std::vector<std::string> missed;
  if (l.per_second() < 0.98 * m.rate) missed.push_back("rate");
  if (l.p99_ms >= m.target_p99) missed.push_back("p99");
  if (l.errors > 0) missed.push_back("errors");
  if (missed.empty()) return StrCat("met (p99 < ", m.target_p99, " ms)");
  std::string out = "MISSED:";
  for (const std::string& what : missed) StrAppend(&out, " ", what);
  return out;
}

struct Paced {
  std::string deployment;
  const Method* method = nullptr;
  Level quiet;
  // During the import, per way of reading (--reads): "latest", "token", "snapshot".
  std::vector<std::pair<std::string, Level>> during;
  const Level* During(const std::string& reads) const {
    for (const auto& [name, level] : during) {
      if (name == reads) return &level;
    }
    return nullptr;
  }
};

void PrintPaced(const std::string& deployment, int callers, const std::vector<Paced>& rows) {
  std::printf("\nAt the target's rate, %d callers paced, %s (latency from the scheduled send):\n",
              callers, deployment.c_str());
  std::printf("%-9s %6s %-16s %9s %9s %9s %9s %7s %13s  %s\n", "method", "rate", "window", "req/s",
              "p50 ms", "p99 ms", "p999 ms", "errors", "p99 vs quiet", "target");
  for (const Paced& row : rows) {
    auto line = [&](const std::string& window, const Level& l) {
      std::printf("%-9s %6.0f %-16s %9.1f %9.2f %9.2f %9.2f %7lld %12.2fx  %s\n",
                  row.method->name.c_str(), row.method->rate, window.c_str(), l.per_second(),
                  l.p50_ms, l.p99_ms, l.p999_ms, static_cast<long long>(l.errors),
                  Ratio(l.p99_ms, row.quiet.p99_ms), Verdict(*row.method, l).c_str());
    };
    line("quiet", row.quiet);
    for (const auto& [reads, level] : row.during) line(StrCat("import, ", reads), level);
  }
}

// A generated SIE ledger of about `lines` lines without its #ORGNR line, so that it can be
// imported under any number of organisations. Its line count; -1 on failure.
int64_t WriteImportFile(const std::string& path, int64_t lines) {
  constexpr int kLinesPerVoucher = 10;  // + #VER, { and }: 13 lines per voucher
  const std::string generated = path + ".generated";
  absl::StatusOr<ledger::testing::GeneratedLedger> written = ledger::testing::WriteGeneratedLedger(
      {.transactions = std::max<int64_t>(1, lines * kLinesPerVoucher / (kLinesPerVoucher + 3)),
       .lines_per_voucher = kLinesPerVoucher,
       .units = 200},
      generated);
  if (!written.ok()) {
    std::fprintf(stderr, "generate: %s\n", written.status().ToString().c_str());
    return -1;
  }
  std::ifstream in(generated, std::ios::binary);
  std::ofstream out(path, std::ios::binary);
  int64_t count = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("#ORGNR", 0) == 0) continue;
    out << line << '\n';
    ++count;
  }
  std::remove(generated.c_str());
  return out.good() ? count : -1;
}

double LoadAverage() {
  double load[1] = {0};
  return getloadavg(load, 1) == 1 ? load[0] : -1;
}

int Main(int argc, char** argv) {
  int64_t seconds = 2;
  std::vector<std::string> methods_text;
  std::vector<std::string> deployments_text;
  std::string format = "html";
  std::vector<std::string> callers_text;
  int64_t paced_callers = 8;
  int64_t rate_balances = 2000, rate_forecast = 100, rate_render = 20;
  int64_t import_lines = 100'000;
  std::vector<std::string> reads = {"latest", "token", "snapshot"};
  config::FlagSet flags("load_bench");
  flags.List("method", &methods_text,
             "calls to drive: balances, forecast, render (all when empty)");
  flags.List("deployment", &deployments_text, "embedded, apart (both when empty)");
  flags.String("format", &format, "what render asks for: html, md, xlsx or json");
  flags.Int("seconds", &seconds, "how long each level and each paced window runs");
  flags.List("callers", &callers_text,
             "closed-loop numbers of concurrent callers, the first the baseline; default 1,2,4,8");
  flags.Int("paced-callers", &paced_callers, "callers sharing a paced run's rate");
  flags.Int("rate-balances", &rate_balances, "requests/s of the paced GetBalances runs");
  flags.Int("rate-forecast", &rate_forecast, "requests/s of the paced GetForecast runs");
  flags.Int("rate-render", &rate_render, "requests/s of the paced Render runs");
  flags.Int("import-lines", &import_lines,
            "lines of the SIE file imported again and again during the import window; 0: "
            "no import window");
  flags.List("reads", &reads,
             "how queries read during the import window: latest (no header, the default "
             "of a query), token (the demo cycle's position token) or snapshot; each its own "
             "window");
  auto rest = flags.Parse(argc, argv);
  if (!rest.ok()) return config::ExitAfterParseError(rest.status());

  const std::vector<Method> known = {
      {"balances", "GetBalances (0580, by unit, rolled up, 2021-01..2021-08)", "ledger",
       BalancesCaller, static_cast<double>(rate_balances), 5},
      {"forecast", "GetForecast (0580, 2021, every unit)", "forecast", ForecastCaller,
       static_cast<double>(rate_forecast), 0},
      {"render", StrCat("Render (0580, KS, 2021-08, ", format, ")"), "reporting",
       RenderCaller(format), static_cast<double>(rate_render), 100},
  };
  std::vector<const Method*> methods;
  for (const std::string& name : methods_text) {
    auto found =
        std::find_if(known.begin(), known.end(), [&](const Method& m) { return m.name == name; });
    if (found == known.end()) {
      std::fprintf(stderr, "--method %s: expected balances, forecast or render\n", name.c_str());
      return 2;
    }
    methods.push_back(&*found);
  }
  if (methods.empty()) {
    for (const Method& m : known) methods.push_back(&m);
  }
  std::vector<bench::Deployment::Kind> kinds;
  for (const std::string& name : deployments_text) {
    if (name != "embedded" && name != "apart") {
      std::fprintf(stderr, "--deployment %s: expected embedded or apart\n", name.c_str());
      return 2;
    }
    kinds.push_back(name == "embedded" ? bench::Deployment::Kind::kEmbedded
                                       : bench::Deployment::Kind::kApart);
  }
  if (kinds.empty()) kinds = {bench::Deployment::Kind::kEmbedded, bench::Deployment::Kind::kApart};
  for (const std::string& r : reads) {
    if (r != "latest" && r != "token" && r != "snapshot") {
      std::fprintf(stderr, "--reads %s: expected latest, token or snapshot\n", r.c_str());
      return 2;
    }
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
  if (seconds < 1 || paced_callers < 1 || paced_callers > 256 || rate_balances < 1 ||
      rate_forecast < 1 || rate_render < 1 || import_lines < 0) {
    std::fprintf(stderr, "--seconds, --paced-callers and the rates must be positive\n");
    return 2;
  }
  const double window = static_cast<double>(seconds);
  const int paced = static_cast<int>(paced_callers);

  WindDownOnInterrupt();
  testing::TempDir dir;
  const std::string sie_path = dir.Sub("import.se");
  int64_t sie_lines = 0;
  if (import_lines > 0) {
    sie_lines = WriteImportFile(sie_path, import_lines);
    if (sie_lines < 0) return 1;
  }
  std::printf("load bench: %lld s per window, load average %.2f on %ld cores at the start\n\n",
              static_cast<long long>(seconds), LoadAverage(), sysconf(_SC_NPROCESSORS_ONLN));

  std::vector<Paced> all;
  for (bench::Deployment::Kind kind : kinds) {
    if (interrupted) break;
    testing::TempDir run_dir;
    bench::Deployment deployment(kind, run_dir);
    if (!deployment.error().empty()) {
      std::fprintf(stderr, "%s\n", deployment.error().c_str());
      return 1;
    }
    const std::string where = kind == bench::Deployment::Kind::kEmbedded
                                  ? "embedded (one tertiald)"
                                  : "apart (four services on tertial-devbroker)";
    std::vector<Paced> rows;
    int channel_id = 0;
    for (const Method* m : methods) {
      if (interrupted) break;
      const std::string address = deployment.Address(m->service);
      std::vector<Level> levels;
      for (int n : callers) {
        auto channel = Connect(address, ++channel_id);
        Drive(channel, m->make_caller, 1, 0.3);  // warm-up
        levels.push_back(Drive(channel, m->make_caller, n, window));
      }
      if (interrupted) break;
      PrintLevels(StrCat(m->title, ", ", where, ", closed loop, ", seconds, " s per level:"),
                  levels);
      auto channel = Connect(address, ++channel_id);
      Drive(channel, m->make_caller, 1, 0.3);
      rows.push_back({.deployment = deployment.name(),
                      .method = m,
                      .quiet = Drive(channel, m->make_caller, paced, window, m->rate)});
    }
    if (interrupted) break;
    if (import_lines > 0) {
      bench::BackgroundImport import(deployment, run_dir, sie_path, sie_lines);
      std::this_thread::sleep_for(std::chrono::milliseconds(500));  // under way
      // Each way of reading in turn, each method within it, so that the ways of one
      // method see the import at about the same stage on average.
      for (const std::string& r : reads) {
        const std::string after = r == "latest"     ? ""
                                  : r == "snapshot" ? "snapshot"
                                                    : deployment.CycleToken();
        for (Paced& row : rows) {
          auto channel = Connect(deployment.Address(row.method->service), ++channel_id);
          row.during.emplace_back(
              r, Drive(channel, row.method->make_caller, paced, window, row.method->rate, after));
        }
      }
      bench::BackgroundImport::Figures f = import.Stop();
      PrintPaced(where, paced, rows);
      std::printf(
          "import window: %lld imports of %lld SIE lines committed (%.0f lines/s), %lld failed, "
          "one in flight stopped, in %.1f s\n",
          static_cast<long long>(f.committed), static_cast<long long>(sie_lines),
          Ratio(static_cast<double>(f.lines), f.seconds), static_cast<long long>(f.failed),
          f.seconds);
    } else {
      PrintPaced(where, paced, rows);
    }
    std::printf("\n");
    std::fflush(stdout);
    all.insert(all.end(), rows.begin(), rows.end());
  }

  if (interrupted) {
    std::fprintf(stderr, "load_bench: interrupted\n");
    return 130;
  }
  if (kinds.size() == 2) {
    std::printf("Apart against embedded, p99 at the target's rate (ratio > 1: apart is slower):\n");
    std::printf("%-9s %12s %12s\n", "method", "quiet", "import, latest");
    for (const Method* m : methods) {
      const Paced *embedded = nullptr, *apart = nullptr;
      for (const Paced& row : all) {
        if (row.method != m) continue;
        (row.deployment == "embedded" ? embedded : apart) = &row;
      }
      if (embedded == nullptr || apart == nullptr) continue;
      const Level* embedded_during = embedded->During("latest");
      const Level* apart_during = apart->During("latest");
      std::printf("%-9s %11.2fx %11.2fx\n", m->name.c_str(),
                  Ratio(apart->quiet.p99_ms, embedded->quiet.p99_ms),
                  embedded_during != nullptr && apart_during != nullptr
                      ? Ratio(apart_during->p99_ms, embedded_during->p99_ms)
                      : 0.0);
    }
  }
  std::printf(
      "load average %.2f at the end (the client, the servers and anything else share "
      "the cores)\n",
      LoadAverage());
  return 0;
}

}  // namespace
}  // namespace tertial

int main(int argc, char** argv) { return tertial::Main(argc, argv); }
