#ifndef TERTIAL_FORECAST_DOMAIN_ORG_MODEL_H_
#define TERTIAL_FORECAST_DOMAIN_ORG_MODEL_H_

// One organisation's figures, indexed for forecasting: units in display pre-order of the
// unit tree (chart::UnitTree, the same roll-ups as the ledger and the report), fiscal years
// with each unit's own monthly figures as running totals, projects, adjustments, method
// choices and closed periods.
//
// OrgInput is the plain form the projection loads (and tests write by hand); OrgModel is
// built from it once and is then read-only: const methods may be called concurrently.

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/figures.h"
#include "domain/method.h"
#include "tertial/chart/unit_tree.h"
#include "tertial/period/period.h"

namespace tertial::forecast {

struct OrgInput {
  std::string organisation;
  std::vector<chart::UnitNode> units;
  std::map<int, period::FiscalYear> fiscal_years;  // defined ones; others are calendar years
  // fiscal year -> unit id -> own figures. The unit id "" holds amounts on operating
  // accounts without a unit object: in no unit's forecast, but reported.
  std::map<int, std::map<std::string, UnitCell>> unit_cells;
  std::map<int, std::map<std::string, ProjectCell>> project_cells;
  std::vector<ProjectInfo> projects;
  std::vector<AdjustmentRecord> adjustments;
  // (fiscal year, unit id or "" for the organisation) -> method.
  std::map<std::pair<int, std::string>, Method> method_choices;
  std::map<int, std::set<int>> closed_months;  // fiscal year -> months of it closed
};

struct YearFigures {
  int fiscal_year = 0;
  period::FiscalYear fy = period::FiscalYear::Calendar(0);
  int months = 12;
  // Has a full ledger: its last month is closed, or it has actuals in its last month and a
  // later year has actuals. Only complete years are backtested.
  bool complete = false;
  bool has_actuals = false;
  std::vector<int> slot;  // unit index -> index into figures, -1 if none
  std::vector<UnitYear> figures;
  UnitYear unassigned;  // operating amounts without a unit
  bool has_unassigned = false;
  std::map<std::string, ProjectYear, std::less<>> projects;

  const UnitYear* Of(int unit) const {
    int s = slot[unit];
    return s < 0 ? nullptr : &figures[s];
  }
};

class OrgModel {
 public:
  // Fails only for a unit tree with a loop (units unreachable from any root).
  static absl::StatusOr<std::shared_ptr<const OrgModel>> Build(OrgInput input);

  const std::string& organisation() const { return organisation_; }
  const chart::UnitTree& tree() const { return tree_; }

  // Units by index: every defined unit, then units seen only in postings (as roots).
  int unit_count() const { return static_cast<int>(units_.size()); }
  const chart::UnitNode& unit(int index) const { return units_[index]; }
  std::optional<int> UnitIndex(std::string_view id) const;
  int parent(int index) const { return parent_[index]; }  // -1 for a root
  bool has_children(int index) const { return has_children_[index]; }
  // Every unit, a unit before its children, roots and siblings in display order.
  const std::vector<int>& preorder() const { return preorder_; }
  // `root`'s subtree in pre-order; every unit when root is empty. NotFound if unknown.
  absl::StatusOr<std::vector<int>> Subtree(std::string_view root) const;

  // The defined fiscal year, else the calendar year.
  period::FiscalYear FiscalYearOf(int year) const;
  // The fiscal year containing `p`: a defined one, else p's calendar year.
  int YearOfPeriod(const period::Period& p) const;
  const YearFigures* Year(int year) const;
  std::vector<int> Years() const;
  std::optional<period::Period> LatestClosed(int year) const;
  bool IsClosed(int year, int month) const;

  const std::vector<AdjustmentRecord>& adjustments() const { return adjustments_; }
  const AdjustmentRecord* FindAdjustment(std::string_view id) const;

  const std::map<std::string, ProjectInfo, std::less<>>& projects() const { return projects_; }
  const ProjectInfo* FindProject(std::string_view id) const;
  // The project's unit: as defined, else as seen in its postings; empty if unknown.
  std::string ProjectUnit(std::string_view id) const;
  bool ProjectKnown(std::string_view id, int year) const;

  // The method each unit uses for `year` without a method in the request: the choice
  // nearest the unit on its path from the root, else the organisation's, else auto.
  std::vector<Method> ChosenMethods(int year) const;
  // The organisation-wide choice for the year (auto without one).
  Method OrganisationMethod(int year) const;
  const std::map<std::pair<int, std::string>, Method>& method_choices() const {
    return method_choices_;
  }

 private:
  OrgModel() = default;

  std::string organisation_;
  chart::UnitTree tree_;
  std::vector<chart::UnitNode> units_;
  std::unordered_map<std::string, int> index_;
  std::vector<int> parent_;
  std::vector<bool> has_children_;
  std::vector<int> preorder_;
  std::map<int, period::FiscalYear> fiscal_years_;
  std::map<int, YearFigures> years_;
  std::map<int, std::set<int>> closed_;
  std::vector<AdjustmentRecord> adjustments_;
  std::map<std::string, ProjectInfo, std::less<>> projects_;
  std::map<std::pair<int, std::string>, Method> method_choices_;
};

}  // namespace tertial::forecast

#endif  // TERTIAL_FORECAST_DOMAIN_ORG_MODEL_H_
