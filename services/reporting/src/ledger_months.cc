#include "ledger_months.h"

#include <algorithm>
#include <set>

#include "tertial/base/strings.h"
#include "tertial/chart/unit_tree.h"
#include "tertial/ledger/v1/events.pb.h"

namespace tertial::reporting {

namespace lv1 = ::tertial::ledger::v1;

absl::StatusOr<std::vector<period::Period>> LedgerMonths(const projection::Reader& db,
                                                         std::string_view organisation,
                                                         std::string_view board) {
  chart::UnitTree units;
  bool bad = false;
  absl::Status s =
      db.Scan(StrCat("u/", organisation, "/"), [&](std::string_view, std::string_view value) {
        lv1::UnitDefined u;
        if (!u.ParseFromString(std::string(value))) {
          bad = true;
          return false;
        }
        units.Define({.id = u.unit_id(), .name = u.name(), .parent_id = u.parent_id()});
        return true;
      });
  if (!s.ok()) return s;
  if (bad) return absl::DataLossError("reporting projection: bad unit");
  if (units.Find(board) == nullptr) {
    return absl::NotFoundError(
        StrCat("organisation ", organisation, " has no board (unit) '", board, "'"));
  }
  std::set<period::Period> months;
  std::string prefix = StrCat("a/", organisation, "/");
  s = db.Scan(prefix, [&](std::string_view key, std::string_view) {
    std::string_view rest = key.substr(prefix.size());  // YYYY-MM/<unit>
    if (rest.size() < 9 || rest[7] != '/') return true;
    if (!units.InSubtree(rest.substr(8), board)) return true;
    if (auto p = period::ParsePeriod(rest.substr(0, 7)); p.ok()) months.insert(*p);
    return true;
  });
  if (!s.ok()) return s;
  return std::vector<period::Period>(months.begin(), months.end());
}

std::string DescribeMonths(const std::vector<period::Period>& months) {
  if (months.empty()) return "none";
  std::string out;
  for (size_t i = 0; i < months.size();) {
    size_t j = i;
    while (j + 1 < months.size() && months[j + 1] == months[j].Next()) ++j;
    StrAppend(&out, out.empty() ? "" : ", ", period::FormatPeriod(months[i]));
    if (j > i) StrAppend(&out, "..", period::FormatPeriod(months[j]));
    i = j + 1;
  }
  return out;
}

absl::Status CheckLedgerData(const projection::Reader& db, std::string_view organisation,
                             std::string_view board, const period::Period& period) {
  auto months = LedgerMonths(db, organisation, board);
  if (!months.ok()) return months.status();
  if (std::binary_search(months->begin(), months->end(), period)) return absl::OkStatus();
  return absl::FailedPreconditionError(
      StrCat("organisation ", organisation, ", board ", board, ": the ledger has no amounts for ",
             period::FormatPeriod(period),
             " on the board or a unit below it, so a report would show zeros; months "
             "with data: ",
             DescribeMonths(*months), " (force the report to render it anyway)"));
}

}  // namespace tertial::reporting
