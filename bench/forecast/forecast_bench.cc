// forecast_bench: forecast and full backtest of an organisation with 10 000 units and five
// years of monthly history (2017-2020 complete, 2021 through August), printed beside a
// baseline measured in the same run: one plain summation pass over the same monthly
// figures (every unit, year, month and series added up once).
//
//   forecast_bench [--units N] [--runs R]
//
// Targets (the issue's): forecast < 100 ms, full backtest < 2 s.

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "domain/backtest.h"
#include "domain/forecast.h"
#include "domain/org_model.h"
#include "ledger_test_util.h"
#include "loader.h"
#include "projection.h"
#include "reactor.h"
#include "store_format.h"
#include "tertial/config/flags.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/projection/store.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::forecast {
namespace {

constexpr int kFirstYear = 2017;
constexpr int kYears = 5;
constexpr int kAsOf = 8;

// A tree of 1 nämnd, 20 förvaltningar, 400 stabs and enheter below them; every stab and
// enhet has figures. Seasonal costs and revenues with noise, a periodised budget.
OrgInput MakeOrganisation(int units) {
  OrgInput in;
  in.organisation = "bench";
  in.units.push_back({.id = "ROOT", .name = "Nämnden"});
  std::mt19937_64 random(42);
  std::uniform_int_distribution<int> noise(-15, 15);
  const int forvaltningar = 20, stabs = 400;
  for (int i = 0; i < units - 1; ++i) {
    chart::UnitNode node{.id = "U" + std::to_string(i), .position = i};
    node.name = node.id;
    if (i < forvaltningar) {
      node.parent_id = "ROOT";
    } else if (i < forvaltningar + stabs) {
      node.parent_id = "U" + std::to_string(i % forvaltningar);
    } else {
      node.parent_id = "U" + std::to_string(forvaltningar + i % stabs);
    }
    in.units.push_back(node);
    if (i < forvaltningar) continue;                      // roll-ups only
    const int64_t level = 1'000'000 + 1'000 * (i % 997);  // öre a month
    const int season = i % 3;
    for (int y = 0; y < kYears; ++y) {
      const int year = kFirstYear + y;
      UnitCell& cell = in.unit_cells[year][node.id];
      for (int m = 1; m <= 12; ++m) {
        int64_t weight = season == 0   ? 100
                         : season == 1 ? (m == 7 ? 50 : 105)
                                       : (m >= 10 ? 150 : 85);
        UnitMonth& month = cell.months[m - 1];
        month.budget_costs_ore = level * 100 / 100;
        month.budget_revenues_ore = -level * 30 / 100;
        if (year == kFirstYear + kYears - 1 && m > kAsOf) continue;
        month.actual_costs_ore = level * (weight + noise(random)) / 100;
        month.actual_revenues_ore = -level * (30 + noise(random) / 3) / 100;
      }
    }
  }
  for (int y = 0; y < kYears; ++y) {
    for (int m = 1; m <= (y == kYears - 1 ? kAsOf : 12); ++m)
      in.closed_months[kFirstYear + y].insert(m);
  }
  return in;
}

// The baseline: every monthly figure added up once.
int64_t SumEverything(const OrgInput& in) {
  int64_t sum = 0;
  for (const auto& [year, cells] : in.unit_cells) {
    for (const auto& [unit, cell] : cells) {
      for (const UnitMonth& m : cell.months) {
        sum +=
            m.actual_costs_ore + m.actual_revenues_ore + m.budget_costs_ore + m.budget_revenues_ore;
      }
    }
  }
  return sum;
}

// Median wall time of `runs` calls, in milliseconds.
double Measure(int runs, const std::function<void()>& fn) {
  std::vector<double> times;
  for (int r = 0; r < runs; ++r) {
    auto start = std::chrono::steady_clock::now();
    fn();
    times.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

int Run(int argc, char** argv) {
  int64_t units = 10'000, runs = 5;
  config::FlagSet flags("forecast_bench");
  flags.Int("units", &units, "units in the organisation");
  flags.Int("runs", &runs, "runs per figure (the median is printed)");
  auto args = flags.Parse(argc, argv);
  if (!args.ok()) {
    std::fprintf(stderr, "%s\n", std::string(args.status().message()).c_str());
    return 2;
  }
  const OrgInput input = MakeOrganisation(static_cast<int>(units));
  size_t cells = 0;
  for (const auto& [year, c] : input.unit_cells) cells += c.size();
  std::printf(
      "forecast_bench: %lld units, %d years (%zu unit-years, %zu monthly figures), median of %lld "
      "runs\n\n",
      static_cast<long long>(units), kYears, cells, cells * 12 * 4, static_cast<long long>(runs));

  volatile int64_t sink = 0;
  double baseline = Measure(static_cast<int>(runs), [&] { sink = sink + SumEverything(input); });

  std::shared_ptr<const OrgModel> model;
  double build = Measure(static_cast<int>(runs), [&] { model = *OrgModel::Build(input); });

  ForecastResult result;
  double forecast_auto = Measure(static_cast<int>(runs), [&] {
    result = *ComputeForecast(*model, {.fiscal_year = 2021, .as_of = period::Period{2021, kAsOf}});
  });
  std::string auto_methods;
  {
    std::map<std::string, int> count;
    for (const UnitForecastResult& u : result.units) {
      if (!u.rollup) ++count[u.method];
    }
    for (const auto& [m, n] : count) auto_methods += " " + m + "=" + std::to_string(n);
  }
  double forecast_fixed = Measure(static_cast<int>(runs), [&] {
    result = *ComputeForecast(*model, {.fiscal_year = 2021,
                                       .as_of = period::Period{2021, kAsOf},
                                       .method = Method::kBudgetRemaining});
  });
  BacktestResult backtest;
  double backtest_ms =
      Measure(static_cast<int>(runs), [&] { backtest = *Backtest(*model, {.target_year = 2021}); });

  // The service's query path: the organisation's figures from the projection's RocksDB.
  tertial::testing::TempDir dir;
  auto db = *projection::ProjectionDb::Open(dir.path());
  {
    rocksdb::WriteBatch batch;
    for (const chart::UnitNode& u : input.units) {
      ledger::v1::UnitDefined defined;
      defined.set_unit_id(u.id);
      defined.set_parent_id(u.parent_id);
      defined.set_name(u.name);
      defined.set_position(u.position);
      batch.Put(store::UnitKey("bench", u.id), defined.SerializeAsString());
    }
    for (const auto& [year, c] : input.unit_cells) {
      for (const auto& [unit, cell] : c)
        batch.Put(store::UnitCellKey("bench", year, unit), store::EncodeUnitCell(cell));
    }
    db->db()->Write(rocksdb::WriteOptions(), &batch);
    db->db()->CompactRange(rocksdb::CompactRangeOptions(), nullptr, nullptr);
  }
  double load = Measure(static_cast<int>(runs), [&] {
    std::unique_ptr<projection::Reader> reader = db->Snapshot();
    model = *OrgModel::Build(*LoadOrgInput(*reader, "bench"));
  });

  // Following the ledger: vouchers appended to an embedded log, applied by a fresh
  // projection; against reading and parsing the same records from the log.
  constexpr int kVouchers = 50'000;
  auto log = *eventlog::EmbeddedLog::Open(dir.Sub("log"), {.sync_commits = false});
  {
    std::vector<eventlog::Envelope> batch;
    for (int v = 0; v < kVouchers; ++v) {
      std::string unit = "U" + std::to_string(20 + v % (units - 21));
      testing::lv1::LedgerEvent voucher = testing::LedgerWriter::Voucher(
          2021, 2021, 1 + v % 12, {{"5010", unit, "", 100'000 + v}, {"3510", unit, "", -20'000}});
      batch.push_back(*eventlog::Wrap(voucher, "bench", {.organisation = "bench"}));
      if (batch.size() == 1000) {
        if (!log->Append(eventlog::kLedgerTopic, "bench", batch).ok()) return 1;
        batch.clear();
      }
    }
  }
  double read_log = Measure(1, [&] {
    int64_t n = 0;
    for (int64_t from = 0;;) {
      auto records = *log->Read(eventlog::kLedgerTopic, 0, from, 1000);
      if (records.empty()) break;
      for (const eventlog::Record& r : records) {
        testing::lv1::LedgerEvent e;
        eventlog::Unwrap(*r.ParseEnvelope(), &e).IgnoreError();
        n += e.voucher_posted().transactions_size();
      }
      from = records.back().offset + 1;
    }
    sink = sink + n;
  });
  auto follow_db = *projection::ProjectionDb::Open(dir.Sub("follow"));
  ForecastProjection projection;
  projection::Runner runner(log.get(), follow_db.get(), &projection);
  double apply = Measure(1, [&] { runner.CatchUp().IgnoreError(); });

  // Republishing after the ledger changed: August closed and published, then an import of
  // 1 000 vouchers into July; the reactor catches up, finds the change and publishes once.
  ModelCache cache;
  Reactor reactor(log.get(), follow_db.get(), &runner, &cache);
  auto append = [&](const std::vector<testing::lv1::LedgerEvent>& events) {
    std::vector<eventlog::Envelope> batch;
    for (const auto& e : events)
      batch.push_back(*eventlog::Wrap(e, "bench", {.organisation = "bench"}));
    return log->Append(eventlog::kLedgerTopic, "bench", batch).ok();
  };
  if (!append({testing::LedgerWriter::Close(2021, kAsOf)})) return 1;
  int first_publications = reactor.PublishPending().value_or(-1);
  std::vector<testing::lv1::LedgerEvent> late;
  for (int v = 0; v < 1000; ++v) {
    std::string unit = "U" + std::to_string(20 + v % (units - 21));
    late.push_back(testing::LedgerWriter::Voucher(2021, 2021, kAsOf - 1,
                                                  {{"5010", unit, "", 7'000 + v}}, "late"));
  }
  if (!append(late)) return 1;
  int republications = 0;
  double republish = Measure(1, [&] { republications = reactor.PublishPending().value_or(-1); });
  size_t publication_bytes = 0;
  {
    int64_t end = *log->EndOffset(eventlog::kForecastTopic, 0);
    auto records = *log->Read(eventlog::kForecastTopic, 0, end - 1, 1);
    if (!records.empty()) publication_bytes = records.back().value.size();
  }

  auto row = [&](const char* what, double ms, const char* target) {
    std::printf("  %-52s %10.1f ms  %8.1fx baseline  %s\n", what, ms, ms / baseline, target);
  };
  std::printf("  %-52s %10.1f ms  %8.1fx baseline\n", "baseline: sum every monthly figure once",
              baseline, 1.0);
  row("build the model (running totals, tree, indexes)", build, "");
  row("forecast 2021-08, auto (backtests 2017-2020 per unit)", forecast_auto,
      forecast_auto < 100 ? "target < 100 ms: met" : "target < 100 ms: MISSED");
  row("forecast 2021-08, budget_remaining", forecast_fixed, "");
  row("full backtest 2017-2020, 4 methods, per unit and month", backtest_ms,
      backtest_ms < 2000 ? "target < 2 s: met" : "target < 2 s: MISSED");
  row("load from the projection (RocksDB scan, decode, build)", load, "");
  std::printf("\n  %-52s %10.1f ms  %8.0f vouchers/s\n",
              "baseline: read and parse 50 000 vouchers from the log", read_log,
              kVouchers / read_log * 1000);
  std::printf("  %-52s %10.1f ms  %8.0f vouchers/s  %.1fx baseline\n",
              "apply them to a fresh projection", apply, kVouchers / apply * 1000,
              apply / read_log);
  std::printf("  %-52s %10.1f ms  (%d publication after %d; %zu bytes each)\n",
              "republish after 1 000 late vouchers (catch up, compute)", republish, republications,
              first_publications, publication_bytes);
  double load_average[3] = {0, 0, 0};
  if (getloadavg(load_average, 3) == 3) {
    std::printf("\n  load average: %.2f %.2f %.2f (1, 5, 15 min)\n", load_average[0],
                load_average[1], load_average[2]);
  }
  std::printf("\n  forecast rows %zu, auto chose:%s\n", result.units.size(), auto_methods.c_str());
  std::printf("  backtest rows %zu unit x method, %zu month x method\n", backtest.units.size(),
              backtest.months.size());
  return 0;
}

}  // namespace
}  // namespace tertial::forecast

int main(int argc, char** argv) { return tertial::forecast::Run(argc, argv); }
