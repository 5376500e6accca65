#ifndef TERTIAL_LEDGER_TESTING_GENERATED_LEDGER_H_
#define TERTIAL_LEDGER_TESTING_GENERATED_LEDGER_H_

// A deterministic municipal-looking ledger of any size, written as an SIE 4 file (through
// sie::Writer) and, beside it, as a plain-text accounting journal that hledger and ledger
// read, so that tertial's balances can be checked against (and timed beside) theirs.
// Streams: memory does not grow with the size. For tests and benchmarks only.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace tertial::ledger::testing {

struct GeneratorOptions {
  int64_t transactions = 100'000;  // #TRANS lines, at least
  int lines_per_voucher = 10;      // including the balancing bank line
  int units = 60;                  // enheter under 4 förvaltningar under one nämnd
  int fiscal_year = 2021;
  uint64_t seed = 1;
  std::string orgnr = "212000-2817";
  std::string company = "Exempelkommun";
  // Also write units.csv beside (for the unit tree).
  std::string units_csv_path;
  // Also write the journal (hledger/ledger syntax); empty: none.
  std::string journal_path;
};

struct GeneratedLedger {
  int64_t vouchers = 0;
  int64_t transactions = 0;
  int64_t sie_bytes = 0;
};

absl::StatusOr<GeneratedLedger> WriteGeneratedLedger(const GeneratorOptions& options,
                                                     const std::string& sie_path);

}  // namespace tertial::ledger::testing

#endif  // TERTIAL_LEDGER_TESTING_GENERATED_LEDGER_H_
