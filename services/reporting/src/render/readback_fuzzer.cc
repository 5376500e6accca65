// libFuzzer target for reading a report back (`tertial validate FILE...`,
// render/readback.h), docs/fuzzing.md: the JSON model, typed figures and the per-table
// CSV files, then the validator over whatever was read.
//
// The input is one file, or several, each after a line "=== <name>" (a name ending in
// .json or .csv; "tables.csv" is the index). Without such a line, the input is one file
// named report.json when it starts with '{', else operating.csv.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/validate.h"
#include "render/readback.h"

namespace tertial::reporting {
namespace {

std::vector<ReportFile> Files(std::string_view bytes) {
  constexpr std::string_view kMark = "=== ";
  std::vector<ReportFile> files;
  if (bytes.substr(0, kMark.size()) != kMark) {
    const bool json = !bytes.empty() && bytes[0] == '{';
    files.push_back({json ? "report.json" : "operating.csv", ""});
  }
  while (!bytes.empty()) {
    const size_t end = bytes.find('\n');
    std::string_view line = bytes.substr(0, end);
    bytes = end == std::string_view::npos ? std::string_view() : bytes.substr(end + 1);
    if (line.substr(0, kMark.size()) == kMark) {
      files.push_back({std::string(line.substr(kMark.size())), ""});
      continue;
    }
    files.back().bytes.append(line);
    if (end != std::string_view::npos) files.back().bytes.push_back('\n');
  }
  return files;
}

}  // namespace
}  // namespace tertial::reporting

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tertial::reporting;
  const std::vector<ReportFile> files =
      Files(std::string_view(reinterpret_cast<const char*>(data), size));
  if (files.empty()) return 0;
  absl::StatusOr<TypedFigures> figures = ParseValidationInput(files);
  if (figures.ok()) ValidateTypedFigures(*figures);
  if (files.size() == 1) {
    absl::StatusOr<Report> report = ParseReportJson(files[0].bytes, files[0].name);
    if (report.ok()) Validate(*report);
  } else {
    absl::StatusOr<Report> report = ParseReportCsv(files);
    if (report.ok()) Validate(*report);
  }
  return 0;
}
