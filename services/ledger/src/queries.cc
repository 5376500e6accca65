#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "domain/convert.h"
#include "projection.h"
#include "projection_keys.h"
#include "tertial/base/strings.h"
#include "tertial/chart/account_class.h"
#include "tertial/money/money.h"

namespace tertial::ledger {

absl::StatusOr<std::vector<v1::BalanceRow>> QueryBalances(const projection::Reader& reader,
                                                          const v1::GetBalancesRequest& request) {
  const std::string& org = request.organisation();
  if (org.empty()) return absl::InvalidArgumentError("organisation: expected a kommunkod");
  bool by_unit = false, by_class = false, by_account = false, by_project = false, by_month = false;
  for (int g : request.group_by()) {
    switch (g) {
      case v1::GROUP_BY_UNIT:
        by_unit = true;
        break;
      case v1::GROUP_BY_ACCOUNT_CLASS:
        by_class = true;
        break;
      case v1::GROUP_BY_ACCOUNT:
        by_account = true;
        break;
      case v1::GROUP_BY_PROJECT:
        by_project = true;
        break;
      case v1::GROUP_BY_MONTH:
        by_month = true;
        break;
      default:
        return absl::InvalidArgumentError(StrCat("group_by: unknown value ", g));
    }
  }
  ProjectionView view(&reader, org);
  chart::UnitTree tree = view.Units();
  // Display order of units: the tree's pre-order; units not in the tree after, by id.
  std::unordered_map<std::string, int> order;
  for (const chart::UnitNode* root : tree.Roots()) {
    for (const chart::UnitNode* unit : tree.Subtree(root->id)) {
      order.emplace(unit->id, static_cast<int>(order.size()));
    }
  }
  std::unordered_map<std::string, bool> in_subtree;
  const bool filter_units = !request.unit_subtree().empty();
  if (filter_units) {
    if (tree.Find(request.unit_subtree()) == nullptr) {
      return absl::NotFoundError(
          StrCat("unit_subtree: unit ", request.unit_subtree(), " is not defined"));
    }
    for (const chart::UnitNode* unit : tree.Subtree(request.unit_subtree())) {
      in_subtree[unit->id] = true;
    }
  }
  // With rollup, a unit's row sums its whole subtree: each cell counts for the unit and
  // every ancestor up to the subtree asked for.
  std::unordered_map<std::string, std::vector<std::string>> rollup_paths;
  auto groups_of = [&](std::string_view unit) -> const std::vector<std::string>& {
    auto it = rollup_paths.find(std::string(unit));
    if (it != rollup_paths.end()) return it->second;
    std::vector<std::string> path;
    if (!request.rollup_units() || unit.empty()) {
      path.emplace_back(unit);
    } else {
      for (const chart::UnitNode* node : tree.PathTo(unit)) {
        if (!filter_units || in_subtree.count(node->id) > 0) path.push_back(node->id);
      }
      if (path.empty()) path.emplace_back(unit);
    }
    return rollup_paths.emplace(std::string(unit), std::move(path)).first->second;
  };

  using GroupKey = std::tuple<std::string, std::string, std::string, std::string, int>;
  std::map<GroupKey, std::pair<int64_t, int64_t>> groups;
  const std::string prefix = Prefix(kCell, org);
  // With a range, one seek per month; without, the organisation's every cell.
  std::vector<std::string> scans;
  if (request.has_range()) {
    period::Period first = FromProto(request.range().first());
    period::Period final_period = FromProto(request.range().last());
    if (first.month < 1 || first.month > 12 || final_period.month < 1 || final_period.month > 12 ||
        final_period < first || final_period.Index() - first.Index() > 1200) {
      return absl::InvalidArgumentError(
          "range: expected first <= last, months 1..12, at most 100 years");
    }
    for (int i = first.Index(); i <= final_period.Index(); ++i) {
      std::string month = prefix;
      PutBigEndian32(&month, PeriodCode(period::Period::FromIndex(i)));
      scans.push_back(std::move(month));
    }
  } else {
    scans.push_back(prefix);
  }
  absl::Status bad;
  auto visit = [&](std::string_view key, std::string_view value) {
    CellParts parts;
    if (!ParseCellKey(key, prefix.size(), &parts)) {
      bad = absl::DataLossError("ledger projection: corrupt balance key");
      return false;
    }
    if (filter_units && in_subtree.count(std::string(parts.unit)) == 0) return true;
    if (request.account_prefixes_size() > 0) {
      bool match = false;
      for (const std::string& p : request.account_prefixes()) {
        match = match || parts.account.substr(0, p.size()) == p;
      }
      if (!match) return true;
    }
    int64_t actual = 0, budget = 0;
    if (!DecodeCell(value, &actual, &budget)) {
      bad = absl::DataLossError("ledger projection: corrupt balance cell");
      return false;
    }
    auto add = [&](std::string unit) {
      GroupKey k{std::move(unit), by_class ? std::string(chart::AccountClass(parts.account)) : "",
                 by_account ? std::string(parts.account) : "",
                 by_project ? std::string(parts.project) : "",
                 by_month ? parts.period.Index() : -1};
      auto& sums = groups[k];
      if (bad.ok()) bad = money::Add(&sums.first, actual, "actual amounts of a balance row");
      if (bad.ok()) bad = money::Add(&sums.second, budget, "budget amounts of a balance row");
    };
    if (by_unit) {
      for (const std::string& unit : groups_of(parts.unit)) add(unit);
    } else {
      add("");
    }
    return bad.ok();
  };
  for (const std::string& scan : scans) {
    if (absl::Status s = reader.Scan(scan, visit); !s.ok()) return s;
    if (!bad.ok()) return bad;
  }

  std::vector<std::pair<GroupKey, std::pair<int64_t, int64_t>>> sorted(groups.begin(),
                                                                       groups.end());
  auto unit_rank = [&](const std::string& unit) {
    if (unit.empty()) return std::make_pair(2, 0);
    auto it = order.find(unit);
    return it == order.end() ? std::make_pair(1, 0) : std::make_pair(0, it->second);
  };
  std::stable_sort(sorted.begin(), sorted.end(), [&](const auto& a, const auto& b) {
    auto ra = unit_rank(std::get<0>(a.first));
    auto rb = unit_rank(std::get<0>(b.first));
    if (ra != rb) return ra < rb;
    return a.first < b.first;
  });
  std::vector<v1::BalanceRow> rows;
  rows.reserve(sorted.size());
  for (const auto& [k, sums] : sorted) {
    v1::BalanceRow& row = rows.emplace_back();
    if (by_unit) row.set_unit_id(std::get<0>(k));
    if (by_class) row.set_account_class(std::get<1>(k));
    if (by_account) row.set_account(std::get<2>(k));
    if (by_project) row.set_project_id(std::get<3>(k));
    if (by_month) ToProto(period::Period::FromIndex(std::get<4>(k)), row.mutable_period());
    row.set_actual_ore(sums.first);
    row.set_budget_ore(sums.second);
  }
  return rows;
}

absl::StatusOr<v1::ListUnitsResponse> QueryUnits(const projection::Reader& reader,
                                                 std::string_view organisation) {
  v1::ListUnitsResponse response;
  std::map<std::string, v1::UnitDefined> units;
  absl::Status s =
      reader.Scan(Prefix(kUnit, organisation), [&](std::string_view, std::string_view value) {
        v1::UnitDefined unit;
        if (unit.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          units[unit.unit_id()] = unit;
        }
        return true;
      });
  if (!s.ok()) return s;
  ProjectionView view(&reader, std::string(organisation));
  chart::UnitTree tree = view.Units();
  auto add = [&](const v1::UnitDefined& unit) {
    v1::Unit* out = response.add_units();
    out->set_unit_id(unit.unit_id());
    out->set_name(unit.name());
    out->set_parent_id(unit.parent_id());
    out->set_kind(unit.kind());
    out->set_scb_activity_code(unit.scb_activity_code());
    out->set_position(unit.position());
  };
  for (const chart::UnitNode* root : tree.Roots()) {
    for (const chart::UnitNode* node : tree.Subtree(root->id)) add(units[node->id]);
  }
  if (std::optional<v1::OrganisationDefined> org =
          GetMessage<v1::OrganisationDefined>(reader, Prefix(kOrganisation, organisation))) {
    response.set_organisation_name(org->name());
  }
  return response;
}

absl::StatusOr<v1::ListProjectsResponse> QueryProjects(const projection::Reader& reader,
                                                       std::string_view organisation) {
  std::vector<v1::ProjectDefined> projects;
  absl::Status s =
      reader.Scan(Prefix(kProject, organisation), [&](std::string_view, std::string_view value) {
        v1::ProjectDefined project;
        if (project.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          projects.push_back(std::move(project));
        }
        return true;
      });
  if (!s.ok()) return s;
  std::stable_sort(projects.begin(), projects.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(a.position(), a.project_id()) <
           std::make_tuple(b.position(), b.project_id());
  });
  v1::ListProjectsResponse response;
  for (const v1::ProjectDefined& p : projects) {
    v1::Project* out = response.add_projects();
    out->set_project_id(p.project_id());
    out->set_name(p.name());
    out->set_unit_id(p.unit_id());
    *out->mutable_frames() = p.frames();
    out->set_position(p.position());
  }
  return response;
}

absl::StatusOr<v1::ListImportsResponse> QueryImports(const projection::Reader& reader,
                                                     std::string_view organisation) {
  v1::ListImportsResponse response;
  absl::Status s =
      reader.Scan(Prefix(kImport, organisation), [&](std::string_view, std::string_view value) {
        v1::ImportCompleted completed;
        if (completed.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          *response.add_imports() = std::move(completed);
        }
        return true;
      });
  if (!s.ok()) return s;
  return response;
}

absl::Status CheckOrganisationKnown(const projection::Reader& reader, std::string_view organisation,
                                    const std::function<bool(std::string_view)>& visible) {
  bool known = false;
  absl::Status s =
      reader.Scan(Prefix(kImport, organisation), [&](std::string_view, std::string_view) {
        known = true;
        return false;
      });
  if (!s.ok()) return s;
  if (known) return absl::OkStatus();
  // Every import ends in ImportCompleted: "i" \0 org \0 offset.
  std::vector<std::string> organisations;
  const std::string all(1, kImport);
  s = reader.Scan(all + std::string(1, '\0'), [&](std::string_view key, std::string_view) {
    std::string_view rest = key.substr(2);
    std::string_view org = rest.substr(0, rest.find('\0'));
    if ((organisations.empty() || organisations.back() != org) && visible(org)) {
      organisations.emplace_back(org);
    }
    return true;
  });
  if (!s.ok()) return s;
  std::string message = StrCat("organisation ", organisation, " is unknown");
  // A municipality's organisation number given for its kommunkod: "2120000142" or
  // "212000-0142".
  std::string orgnr(organisation);
  if (orgnr.size() == 10 && orgnr.find('-') == std::string::npos) orgnr.insert(6, "-");
  for (const std::string& number : {std::string(organisation), orgnr}) {
    absl::StatusOr<std::optional<std::string>> owner = reader.Get(Prefix(kOrgnr, "") + number);
    if (owner.ok() && owner->has_value() && visible(**owner)) {
      StrAppend(&message, " (", number, " is the organisation number of ", **owner, ")");
      break;
    }
  }
  if (organisations.empty()) {
    StrAppend(&message, "; nothing has been imported yet");
  } else {
    StrAppend(&message, "; known: ");
    for (size_t i = 0; i < organisations.size(); ++i) {
      StrAppend(&message, i == 0 ? "" : ", ", organisations[i]);
    }
  }
  return absl::NotFoundError(message);
}

absl::StatusOr<std::optional<period::Period>> QueryClosingOf(const projection::Reader& reader,
                                                             std::string_view organisation,
                                                             const period::Period& p) {
  ProjectionView view(&reader, std::string(organisation));
  return ClosingOf(view, FiscalYearOf(view, p), p);
}

}  // namespace tertial::ledger
