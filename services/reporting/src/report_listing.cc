// ListReports (input_loader.h): which reports the projection can make, apart from reading
// one report's input.
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "input_loader.h"
#include "tertial/base/strings.h"
#include "tertial/chart/posting.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/period/period.h"
#include "tertial/period/proto.h"

namespace tertial::reporting {

namespace lv1 = ::tertial::ledger::v1;

absl::StatusOr<std::vector<ReportListing>> ListReports(const projection::Reader& db,
                                                       std::string_view organisation) {
  std::set<std::string> orgs;
  if (!organisation.empty()) {
    orgs.insert(std::string(organisation));
  } else {
    absl::Status s = db.Scan("u/", [&](std::string_view key, std::string_view) {
      orgs.insert(std::string(key.substr(2, key.find('/', 2) - 2)));
      return true;
    });
    if (!s.ok()) return s;
  }
  std::vector<ReportListing> out;
  for (const std::string& org : orgs) {
    std::string name;
    if (auto n = db.Get(StrCat("o/", org)); n.ok() && n->has_value()) name = **n;
    std::vector<std::pair<std::string, std::string>> boards;
    absl::Status s = db.Scan(StrCat("u/", org, "/"), [&](std::string_view, std::string_view value) {
      lv1::UnitDefined u;
      if (u.ParseFromString(std::string(value)) && u.kind() == lv1::UNIT_KIND_NAMND)
        boards.emplace_back(u.unit_id(), u.name());
      return true;
    });
    if (!s.ok()) return s;
    std::map<std::string, std::pair<bool, bool>> months;  // month -> (forecast, closed)
    std::vector<period::Period> closed;
    for (std::string_view prefix : {"a/", "f/", "c/"}) {
      std::string p = StrCat(prefix, org, "/");
      s = db.Scan(p, [&](std::string_view key, std::string_view) {
        std::string month(key.substr(p.size(), 7));
        auto& m = months[month];
        if (prefix == "f/") m.first = true;
        if (prefix == "c/") {
          if (auto c = period::ParsePeriod(month); c.ok()) closed.push_back(*c);
        }
        return true;
      });
      if (!s.ok()) return s;
    }
    // Closing a month closes the months of its fiscal year before it (tertial/chart/posting.h).
    std::vector<period::FiscalYear> years;
    s = db.Scan(StrCat("y/", org, "/"), [&](std::string_view, std::string_view value) {
      lv1::FiscalYearDefined y;
      if (!y.ParseFromString(std::string(value))) return true;
      auto fy =
          period::FiscalYear::FromDates(period::FromProto(y.start()), period::FromProto(y.end()));
      if (fy.ok()) years.push_back(*fy);
      return true;
    });
    if (!s.ok()) return s;
    for (auto& [month, flags] : months) {
      auto p = period::ParsePeriod(month);
      if (!p.ok()) continue;
      period::FiscalYear year = period::FiscalYear::Calendar(p->year);
      for (const period::FiscalYear& y : years) {
        if (y.Contains(*p)) year = y;
      }
      for (const period::Period& c : closed)
        flags.second = flags.second || chart::ClosedBy(year, c, *p);
    }
    for (const auto& [board, board_name] : boards) {
      for (const auto& [month, flags] : months) {
        auto p = period::ParsePeriod(month);
        if (!p.ok()) continue;
        out.push_back({.organisation = org,
                       .organisation_name = name,
                       .board = board,
                       .board_name = board_name,
                       .period = *p,
                       .has_forecast = flags.first,
                       .closed = flags.second});
      }
    }
  }
  return out;
}

}  // namespace tertial::reporting
