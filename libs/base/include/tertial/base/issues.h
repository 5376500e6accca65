#ifndef TERTIAL_BASE_ISSUES_H_
#define TERTIAL_BASE_ISSUES_H_

// Problems found in an input, as every reader and checker of tertial's inputs reports them
// (the SIE reader, the ledger's SIE and CSV imports, the goals imports, the report's
// validation pass). Every one names the file, the line, the field and what was expected;
// errors past the cap are counted, not listed, so that a file with a million bad lines
// still gives a short, useful answer.

#include <string>
#include <string_view>
#include <vector>

namespace tertial {

enum class Severity { kError, kWarning };
std::string_view SeverityName(Severity severity);  // "error", "warning"

struct Issue {
  // Where. For a check of a report's figures (reporting's findings) the file is the table's
  // id (each table is a file of the report's CSV), the field the column's id and the record
  // the row's.
  std::string file;
  int line = 0;  // 1-based; 0 for a problem of the whole file (e.g. no #RAR)
  std::string field;
  std::string message;
  // What a check of figures adds; a reader may leave them empty. The report's validation
  // keeps errors and warnings in one list, in the order its checks found them, so an issue
  // carries its severity; Issues sets it to match the list it keeps the issue in.
  Severity severity = Severity::kError;
  std::string rule;    // which check found it, a stable name for programs: "row_sum"
  std::string record;  // the record's id where no line number names it: "unit:KLS"
  // The place for people: "Prognos för helår 2021 › Ekonomistaben › Avvikelse".
  std::string where;
  std::string shown;       // the value as the input shows it, formatted as printed
  std::string consistent;  // the value that would agree with the rest; empty if none
};

// "ledger.se:17: #TRANS account: account 9999 is not in the chart"; without a line
// "ledger.se: ..." and without a field "ledger.se:17: ...".
std::string FormatIssue(const Issue& issue);

// Collects errors and warnings up to a cap each. Not thread-safe.
class Issues {
 public:
  explicit Issues(int max_errors = 100, int max_warnings = 100)
      : max_errors_(max_errors), max_warnings_(max_warnings) {}

  void Error(std::string file, int line, std::string field, std::string message);
  void Warning(std::string file, int line, std::string field, std::string message);
  // Counts errors that were found but not listed (a reader's overflow).
  void AddUnlistedErrors(int count) { errors_not_listed_ += count; }

  // Orders errors and warnings by line (file-level ones, line 0, first); issues on one
  // line keep the order they were found in.
  void SortByLine();

  bool has_errors() const { return !errors_.empty() || errors_not_listed_ > 0; }
  const std::vector<Issue>& errors() const { return errors_; }
  const std::vector<Issue>& warnings() const { return warnings_; }
  int errors_not_listed() const { return errors_not_listed_; }
  int warnings_not_listed() const { return warnings_not_listed_; }
  // True once the error list is full: callers may stop looking.
  bool full() const { return static_cast<int>(errors_.size()) >= max_errors_; }

 private:
  int max_errors_;
  int max_warnings_;
  std::vector<Issue> errors_;
  std::vector<Issue> warnings_;
  int errors_not_listed_ = 0;
  int warnings_not_listed_ = 0;
};

}  // namespace tertial

#endif  // TERTIAL_BASE_ISSUES_H_
