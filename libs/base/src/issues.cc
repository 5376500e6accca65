#include "tertial/base/issues.h"

#include <algorithm>

#include "tertial/base/strings.h"

namespace tertial {

std::string_view SeverityName(Severity severity) {
  return severity == Severity::kError ? "error" : "warning";
}

std::string FormatIssue(const Issue& issue) {
  std::string out = issue.file;
  if (issue.line > 0) StrAppend(&out, ":", issue.line);
  StrAppend(&out, ": ");
  if (!issue.field.empty()) StrAppend(&out, issue.field, ": ");
  StrAppend(&out, issue.message);
  return out;
}

void Issues::SortByLine() {
  auto by_line = [](const Issue& a, const Issue& b) { return a.line < b.line; };
  std::stable_sort(errors_.begin(), errors_.end(), by_line);
  std::stable_sort(warnings_.begin(), warnings_.end(), by_line);
}

void Issues::Error(std::string file, int line, std::string field, std::string message) {
  if (static_cast<int>(errors_.size()) >= max_errors_) {
    ++errors_not_listed_;
    return;
  }
  errors_.push_back(
      {std::move(file), line, std::move(field), std::move(message), Severity::kError});
}

void Issues::Warning(std::string file, int line, std::string field, std::string message) {
  if (static_cast<int>(warnings_.size()) >= max_warnings_) {
    ++warnings_not_listed_;
    return;
  }
  warnings_.push_back(
      {std::move(file), line, std::move(field), std::move(message), Severity::kWarning});
}

}  // namespace tertial
