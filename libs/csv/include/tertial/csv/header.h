#ifndef TERTIAL_CSV_HEADER_H_
#define TERTIAL_CSV_HEADER_H_

// A CSV file's header row: which column holds what, checked against the columns a format
// allows, so that every importer says the same about an unknown, missing or repeated column
// (docs/formats.md: unknown columns are an error; a typo must not silently drop data).

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tertial/csv/reader.h"

namespace tertial::csv {

// One thing wrong with a header. `column` is the character column the name starts at (0
// for a missing column); `name` is the column's name as written (trimmed).
struct HeaderProblem {
  int line = 0;
  int column = 0;
  std::string name;
  std::string message;
};

// What a format's header may and must have.
struct HeaderSpec {
  std::vector<std::string> required;
  std::vector<std::string> optional;
  // Groups of which a file has exactly one, e.g. {"amount_ore", "amount"}: the same figure
  // in öre or in kronor.
  std::vector<std::vector<std::string>> one_of;
  // The list messages give:
  //   "unit_id, period, amount_ore or amount, project_id (optional)".
  std::string Describe() const;
};

class Header {
 public:
  Header() = default;

  // Reads `record` as a header: names are trimmed of blanks. Appends to `problems`:
  //   a name that is empty         "column 3 has no name"
  //   a name not in `spec`         "unknown column; the columns are <spec.Describe()>"
  //   a name given twice           "the column appears twice (columns 2 and 5)"
  //   a required name missing      "missing column; the columns are <spec.Describe()>"
  //   none of a one_of group       "missing column amount_ore or amount; the columns are ..."
  //   two of a one_of group        "amount_ore and amount are both given; a file uses one"
  // The header is usable (Find, Get) whatever the problems.
  static Header Read(const Record& record, const HeaderSpec& spec,
                     std::vector<HeaderProblem>* problems);

  int line() const { return line_; }
  size_t size() const { return names_.size(); }
  const std::vector<std::string>& names() const { return names_; }
  bool Has(std::string_view name) const { return index_.count(std::string(name)) > 0; }
  // The index of `name`, -1 if the header does not have it.
  int Find(std::string_view name) const;
  // The cell of `name` in `row` as read, "" if the header does not have it or the row is short.
  const std::string& Get(const Record& row, std::string_view name) const;
  // The same without blanks (spaces, tabs) at either end, as importers read ids and numbers.
  std::string Trimmed(const Record& row, std::string_view name) const;

 private:
  int line_ = 0;
  std::vector<std::string> names_;
  std::map<std::string, size_t> index_;
};

// `s` without blanks (spaces, tabs) at either end: how a header name or a cell is read.
std::string TrimBlanks(std::string_view s);

// "file:line:column: name: message" (the parts that are known).
std::string Describe(std::string_view file, const HeaderProblem& problem);

}  // namespace tertial::csv

#endif  // TERTIAL_CSV_HEADER_H_
