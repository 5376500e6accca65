#include "import_format.h"

#include <fstream>

#include "domain/csv_import.h"

namespace tertial::ledger {

v1::ImportFormat DetectFormat(const v1::ImportMetadata& metadata, const std::string& path,
                              std::string* closest) {
  if (metadata.format() != v1::IMPORT_FORMAT_UNSPECIFIED) return metadata.format();
  std::ifstream in(path, std::ios::binary);
  std::string first;
  std::getline(in, first);
  if (first.rfind("\xEF\xBB\xBF", 0) == 0) first.erase(0, 3);
  size_t start = first.find_first_not_of(" \t");
  if (start != std::string::npos && first[start] == '#') return v1::IMPORT_FORMAT_SIE;
  std::string csv = DetectCsvFormat(first);
  if (csv.empty()) {
    csv = ClosestCsvFormat(first);
    if (closest != nullptr) *closest = csv;
  }
  if (csv == "units") return v1::IMPORT_FORMAT_UNITS_CSV;
  if (csv == "projects") return v1::IMPORT_FORMAT_PROJECTS_CSV;
  if (csv == "budget") return v1::IMPORT_FORMAT_BUDGET_CSV;
  return v1::IMPORT_FORMAT_UNSPECIFIED;
}

}  // namespace tertial::ledger
