#include "projection_values.h"

namespace tertial::reporting {

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ScanAll(
    const projection::Reader& db, const std::string& prefix) {
  std::vector<std::pair<std::string, std::string>> out;
  absl::Status s = db.Scan(prefix, [&](std::string_view key, std::string_view value) {
    out.emplace_back(std::string(key.substr(prefix.size())), std::string(value));
    return true;
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace tertial::reporting
