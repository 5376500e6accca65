#ifndef TERTIAL_DATA_GENERATOR_DEMO_FILES_H_
#define TERTIAL_DATA_GENERATOR_DEMO_FILES_H_

// The demo municipality's input files, as a municipality would hand them over: the unit
// tree, the projects, the budgets and the forecast adjustments as CSV (UTF-8, the formats
// of docs/formats.md), and the ledgers as SIE 4 (CP437, with #KSUMMA).
//
// Rendering is pure and deterministic: the same plan gives the same bytes.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "plan.h"

namespace tertial::demo {

struct DemoFile {
  std::string name;   // "units.csv", "ledger-2021.se", ...
  std::string bytes;  // exactly what goes to disk
};

// The CSV files.
std::string UnitsCsv();
std::string ProjectsCsv();
std::string BudgetCsv(const std::vector<PlannedBudgetLine>& lines);
std::string AdjustmentsCsv(const std::vector<PlannedAdjustment>& adjustments);

// The SIE 4 ledgers: 2020 (the whole year, closed) and 2021 (January-August). Balances
// (#IB, #UB, #RES) follow from the vouchers; 2021 opens with 2020's closing balances.
absl::StatusOr<std::string> Ledger2020Sie(const Plan& plan);
absl::StatusOr<std::string> Ledger2021Sie(const Plan& plan);

// Every file, in a fixed order.
absl::StatusOr<std::vector<DemoFile>> RenderDemoFiles(const Plan& plan);

// Writes `files` into `dir` (created if missing). Each file is written beside its final
// name and renamed into place, so that an interrupted run never leaves a partial file.
absl::Status WriteDemoFiles(const std::vector<DemoFile>& files, const std::string& dir);

}  // namespace tertial::demo

#endif  // TERTIAL_DATA_GENERATOR_DEMO_FILES_H_
