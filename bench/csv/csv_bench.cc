// The shared CSV reader and number parser, each against a floor measured in the same run:
//   CsvReader     csv::Reader over a budget file of N rows (5 fields, one quoted, CRLF)
//   SplitOnly     splitting the same bytes on '\n' and ';' into strings (no quotes, no
//                 checks): what any reader pays at least
//   ParseDecimal  money::ParseDecimal of "1 234 567,50"-shaped cells
//   SimpleAtoi    absl::SimpleAtoi of the same digits without separators (the floor)
// Run: build/bench/csv/csv_bench

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "tertial/csv/reader.h"
#include "tertial/money/decimal.h"

namespace tertial::csv {
namespace {

std::string BudgetFile(int rows) {
  std::string out = "unit_id;account;project_id;period;amount\r\n";
  for (int i = 0; i < rows; ++i) {
    out += "KLS;" + std::to_string(4000 + i % 3000) + ";\"P" + std::to_string(i % 40) + "\";2021-" +
           (i % 12 < 9 ? "0" : "") + std::to_string(i % 12 + 1) + ";" +
           std::to_string(1 + i % 900) + " " + std::to_string(100 + i % 900) + ",50\r\n";
  }
  return out;
}

void CsvReader(benchmark::State& st) {
  std::string file = BudgetFile(static_cast<int>(st.range(0)));
  for (auto _ : st) {
    Reader reader(file, "budget.csv");
    size_t fields = 0;
    for (;;) {
      auto record = reader.Next();
      if (!record.ok() || !record->has_value()) break;
      fields += (*record)->fields.size();
    }
    benchmark::DoNotOptimize(fields);
  }
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations() * file.size()));
}

void SplitOnly(benchmark::State& st) {
  std::string file = BudgetFile(static_cast<int>(st.range(0)));
  for (auto _ : st) {
    size_t fields = 0;
    std::string_view rest = file;
    while (!rest.empty()) {
      size_t end = rest.find('\n');
      std::string_view line = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      std::vector<std::string> record;
      size_t start = 0;
      for (size_t at = line.find(';');; at = line.find(';', start)) {
        record.emplace_back(line.substr(start, at - start));
        if (at == std::string_view::npos) break;
        start = at + 1;
      }
      fields += record.size();
    }
    benchmark::DoNotOptimize(fields);
  }
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations() * file.size()));
}

std::vector<std::string> Cells(bool grouped) {
  std::vector<std::string> cells;
  for (int i = 0; i < 1000; ++i) {
    std::string whole = std::to_string(1 + i % 900) + (grouped ? " " : "") +
                        std::to_string(100 + i % 900) + (grouped ? " " : "") +
                        std::to_string(100 + (i * 7) % 900);
    cells.push_back(whole + (grouped ? ",50" : "50"));
  }
  return cells;
}

void ParseDecimal(benchmark::State& st) {
  std::vector<std::string> cells = Cells(true);
  for (auto _ : st) {
    int64_t sum = 0;
    for (const std::string& c : cells) sum += money::ParseDecimal(c, 2)->units;
    benchmark::DoNotOptimize(sum);
  }
  st.SetItemsProcessed(static_cast<int64_t>(st.iterations() * cells.size()));
}

void SimpleAtoi(benchmark::State& st) {
  std::vector<std::string> cells = Cells(false);
  for (auto _ : st) {
    int64_t sum = 0;
    for (const std::string& c : cells) {
      int64_t v = 0;
      if (absl::SimpleAtoi(c, &v)) sum += v;
    }
    benchmark::DoNotOptimize(sum);
  }
  st.SetItemsProcessed(static_cast<int64_t>(st.iterations() * cells.size()));
}

BENCHMARK(CsvReader)->Arg(100'000)->Unit(benchmark::kMillisecond);
BENCHMARK(SplitOnly)->Arg(100'000)->Unit(benchmark::kMillisecond);
BENCHMARK(ParseDecimal)->Unit(benchmark::kMicrosecond);
BENCHMARK(SimpleAtoi)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace tertial::csv

BENCHMARK_MAIN();
