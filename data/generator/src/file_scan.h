#ifndef TERTIAL_DATA_GENERATOR_FILE_SCAN_H_
#define TERTIAL_DATA_GENERATOR_FILE_SCAN_H_

// Test-only readers for the generated files, written from the formats' text and sharing
// no code with the generator: a plain CSV parser and a line scan of SIE files. The demo
// tests read the files back through these (and through sie::Reader) and sum them.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "tertial/period/period.h"

namespace tertial::demo::scan {

// A CSV file as rows of column name -> value. Fails on a row whose field count differs
// from the header's, or on an unterminated quote.
using CsvRow = std::map<std::string, std::string>;
absl::StatusOr<std::vector<CsvRow>> ParseCsv(std::string_view text);

struct Transaction {
  std::string account;
  std::string unit;     // dimension 1, empty if none
  std::string project;  // dimension 6, empty if none
  int64_t amount_ore = 0;
};

struct Voucher {
  std::string series;
  std::string number;
  period::Date date;
  std::string text;  // as in the file (CP437 bytes)
  std::vector<Transaction> transactions;
};

// #IB/#UB/#RES: label ("#IB"), year index, account -> amount.
using BalanceKey = std::pair<std::string, int>;

struct Ledger {
  std::vector<std::string> labels;                        // the label of every line, in order
  std::set<std::string> accounts;                         // declared by #KONTO
  std::set<std::pair<std::string, std::string>> objects;  // (dimension, id) of #OBJEKT
  std::map<BalanceKey, std::map<std::string, int64_t>> balances;
  std::vector<Voucher> vouchers;
};

// Reads the lines of an SIE file: labels, balances, and each #VER with the #TRANS lines of
// its { } block. Knows only what the demo files use; fails on anything malformed.
absl::StatusOr<Ledger> ScanSie(std::string_view bytes);

// Reads a whole file.
absl::StatusOr<std::string> ReadFile(const std::string& path);

}  // namespace tertial::demo::scan

#endif  // TERTIAL_DATA_GENERATOR_FILE_SCAN_H_
