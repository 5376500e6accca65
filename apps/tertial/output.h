#ifndef TERTIAL_APPS_TERTIAL_OUTPUT_H_
#define TERTIAL_APPS_TERTIAL_OUTPUT_H_

// Query output in the three forms every CLI query offers (--format):
//   table  for people: aligned columns, money in tkr with Swedish digit grouping
//   csv    for programs: a header row, money as exact integers of öre in *_ore columns
//   json   for programs: an array of objects with the same names and values as csv
// Identifiers are printed as they were in the input; periods as YYYY-MM.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace tertial::cli {

class Cell {
 public:
  static Cell Text(std::string text);
  // Text shown to people one way and to programs another ("98–100" / "98..100").
  static Cell Text(std::string human, std::string machine);
  // Money in öre: "12 842" (tkr) in a table, 1284200000 in csv/json.
  static Cell Ore(int64_t ore);
  static Cell Int(int64_t value);
  // A year: right-aligned like a number, but never grouped ("2021", not "2 021").
  static Cell Year(int64_t year);
  // A number already formatted for people, with its exact machine form ("8,1" / "8.1").
  static Cell Number(std::string human, std::string machine);
  static Cell Empty();
  // A yes/no column: "ja" or nothing for people, true/false (a JSON boolean) for programs.
  static Cell Flag(bool value);

  const std::string& human() const { return human_; }
  const std::string& machine() const { return machine_; }
  bool numeric() const { return numeric_; }
  bool empty() const { return empty_; }

 private:
  std::string human_;
  std::string machine_;
  bool numeric_ = false;
  bool empty_ = false;
};

struct Column {
  std::string name;    // machine name, e.g. "actual_ore"
  std::string header;  // table header for people, e.g. "Utfall (tkr)"; empty: name
};

class Table {
 public:
  explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}
  // A row must have one cell per column.
  void AddRow(std::vector<Cell> cells);
  size_t rows() const { return rows_.size(); }

  // format: "table", "csv" or "json".
  void Print(const std::string& format, std::ostream& out) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<Cell>> rows_;
};

// Writes `bytes` to `path` (creating its directory): beside it first, then renamed, so a
// failed write never leaves half a file under the final name.
absl::Status WriteFileAtomically(const std::filesystem::path& path, const std::string& bytes);

}  // namespace tertial::cli

#endif  // TERTIAL_APPS_TERTIAL_OUTPUT_H_
