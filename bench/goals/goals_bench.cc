// Goals: the cost of importing the demo plan and of deriving the finance indicators,
// each against a baseline measured in the same run:
//   PlanImport      parse + Decide + Derive of data/linkoping-ks/plan.yaml (counter: facts)
//   YamlParseOnly   yaml-cpp parsing the same bytes (the floor any YAML importer pays)
//   Derived         ComputeDerived over a ledger of N units x 24 months, subtree of N/2
//   SumOnly         summing the same map without the subtree test (the floor)
// Run from the repository root: build/bench/goals/goals_bench

#include <benchmark/benchmark.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "domain/decide.h"
#include "domain/finance.h"
#include "import/importers.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals {
namespace {

std::string DemoPlan() {
  std::ifstream in("data/linkoping-ks/plan.yaml");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void YamlParseOnly(benchmark::State& st) {
  std::string plan = DemoPlan();
  for (auto _ : st) benchmark::DoNotOptimize(YAML::Load(plan));
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations() * plan.size()));
}

void PlanImport(benchmark::State& st) {
  std::string plan = DemoPlan();
  LedgerFacts ledger;
  for (auto _ : st) {
    ImportDocument doc = ParsePlanYaml("plan.yaml", plan);
    Decision d = DecideFacts(State(), doc.proposals);
    State state;
    for (const auto& e : d.facts) Apply(state, e, Meta{});
    benchmark::DoNotOptimize(Derive(state, ledger));
    st.counters["facts"] = static_cast<double>(d.facts.size());
  }
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations() * plan.size()));
}

LedgerFacts BigLedger(int units) {
  LedgerFacts f;
  f.units.Define({.id = "ROOT", .name = "root"});
  f.units.Define({.id = "A", .name = "a", .parent_id = "ROOT"});
  f.units.Define({.id = "B", .name = "b", .parent_id = "ROOT"});
  for (int u = 0; u < units; ++u) {
    std::string id = "U" + std::to_string(u);
    f.units.Define({.id = id, .name = id, .parent_id = u % 2 ? "A" : "B"});
    for (int year : {2020, 2021}) {
      for (int m = 1; m <= 12; ++m) {
        f.operating[{year, {year, m}, id}] = {.actual_ore = 1000 + u, .budget_ore = 1100 + m};
        f.voucher_periods[year].insert({year, m});
      }
    }
  }
  return f;
}

void Derived(benchmark::State& st) {
  LedgerFacts f = BigLedger(static_cast<int>(st.range(0)));
  pb::Derivation d;
  d.set_kind(pb::DERIVED_KIND_BUDGET_DEVIATION);
  d.set_unit_id("A");
  d.set_from_year(2020);
  for (auto _ : st) benchmark::DoNotOptimize(ComputeDerived(f, d, MakePeriod(2021, 8)));
}

void SumOnly(benchmark::State& st) {
  LedgerFacts f = BigLedger(static_cast<int>(st.range(0)));
  for (auto _ : st) {
    int64_t a = 0, b = 0;
    for (auto it = f.operating.lower_bound({2021, {2021, 1}, std::string()});
         it != f.operating.end() && std::get<1>(it->first) <= PeriodKey{2021, 8}; ++it) {
      a += it->second.actual_ore;
      b += it->second.budget_ore;
    }
    benchmark::DoNotOptimize(a + b);
  }
}

BENCHMARK(YamlParseOnly)->Unit(benchmark::kMillisecond);
BENCHMARK(PlanImport)->Unit(benchmark::kMillisecond);
BENCHMARK(SumOnly)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond);
BENCHMARK(Derived)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace tertial::goals

BENCHMARK_MAIN();
