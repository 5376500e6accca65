#include "domain/org_model.h"

#include <algorithm>
#include <climits>
#include <tuple>

#include "tertial/base/strings.h"

namespace tertial::forecast {
namespace {

bool HasActualInMonth(const std::map<std::string, UnitCell>& cells, int month) {
  for (const auto& [unit, cell] : cells) {
    const UnitMonth& m = cell.months[month - 1];
    if (m.actual_costs_ore != 0 || m.actual_revenues_ore != 0) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const OrgModel>> OrgModel::Build(OrgInput input) {
  std::shared_ptr<OrgModel> model(new OrgModel());
  model->organisation_ = std::move(input.organisation);
  model->fiscal_years_ = std::move(input.fiscal_years);
  model->closed_ = std::move(input.closed_months);

  // The tree: every defined unit, then units seen only in postings, as roots after them.
  int max_position = 0;
  for (chart::UnitNode& unit : input.units) {
    max_position = std::max(max_position, unit.position);
    model->tree_.Define(std::move(unit));
  }
  for (const auto& [year, cells] : input.unit_cells) {
    for (const auto& [id, cell] : cells) {
      if (id.empty() || model->tree_.Find(id) != nullptr) continue;
      model->tree_.Define({.id = id, .name = id, .position = max_position + 1});
    }
  }
  // Units get their pre-order position as index, so a subtree is a contiguous range.
  for (const chart::UnitNode* root : model->tree_.Roots()) {
    for (const chart::UnitNode* node : model->tree_.Subtree(root->id)) {
      model->index_[node->id] = static_cast<int>(model->units_.size());
      model->units_.push_back(*node);
    }
  }
  if (model->units_.size() != model->tree_.size()) {
    absl::Status invalid = model->tree_.Validate();
    return absl::FailedPreconditionError(
        StrCat("organisation ", model->organisation_, ": the unit tree is not a tree: ",
               invalid.ok() ? "some units cannot be reached from a root" : invalid.message()));
  }
  int n = model->unit_count();
  model->parent_.assign(n, -1);
  model->has_children_.assign(n, false);
  model->preorder_.resize(n);
  for (int i = 0; i < n; ++i) {
    model->preorder_[i] = i;
    auto p = model->index_.find(model->units_[i].parent_id);
    if (!model->units_[i].parent_id.empty() && p != model->index_.end() && p->second != i) {
      model->parent_[i] = p->second;
      model->has_children_[p->second] = true;
    }
  }

  // Years: every year anything is known of.
  std::set<int> years;
  for (const auto& [y, _] : input.unit_cells) years.insert(y);
  for (const auto& [y, _] : input.project_cells) years.insert(y);
  for (const auto& [y, _] : model->fiscal_years_) years.insert(y);
  for (const auto& [y, _] : model->closed_) years.insert(y);
  std::set<int> years_with_actuals;
  for (int y : years) {
    YearFigures& figures = model->years_[y];
    figures.fiscal_year = y;
    figures.fy = model->FiscalYearOf(y);
    figures.months = std::min(figures.fy.Months(), kMaxMonths);
    figures.slot.assign(n, -1);
    auto cells = input.unit_cells.find(y);
    if (cells != input.unit_cells.end()) {
      figures.figures.reserve(cells->second.size());
      for (const auto& [id, cell] : cells->second) {
        UnitYear unit_year = UnitYear::FromCell(cell, figures.months);
        figures.has_actuals = figures.has_actuals || unit_year.has_actuals;
        if (id.empty()) {
          figures.unassigned = unit_year;
          figures.has_unassigned = unit_year.has_actuals || unit_year.has_budget;
          continue;
        }
        figures.slot[model->index_.at(id)] = static_cast<int>(figures.figures.size());
        figures.figures.push_back(unit_year);
      }
    }
    auto projects = input.project_cells.find(y);
    if (projects != input.project_cells.end()) {
      for (const auto& [id, cell] : projects->second) {
        figures.projects[id] = ProjectYear::FromCell(cell, figures.months);
        for (const ProjectMonth& m : cell.months) {
          figures.has_actuals = figures.has_actuals || m.spending_ore != 0 || m.income_ore != 0;
        }
      }
    }
    if (figures.has_actuals) years_with_actuals.insert(y);
  }
  for (auto& [y, figures] : model->years_) {
    bool last_closed = model->IsClosed(y, figures.months);
    auto cells = input.unit_cells.find(y);
    bool ends = cells != input.unit_cells.end() && HasActualInMonth(cells->second, figures.months);
    bool later = years_with_actuals.upper_bound(y) != years_with_actuals.end();
    figures.complete = last_closed || (ends && later);
  }

  for (ProjectInfo& project : input.projects) {
    std::string id = project.id;
    model->projects_[id] = std::move(project);
  }
  model->adjustments_ = std::move(input.adjustments);
  // In the order they were made where that is known (a file's rows), else by id.
  auto source_order = [](const AdjustmentRecord& a) {
    size_t colon = a.source.rfind(':');
    int line = 0;
    if (colon != std::string::npos) {
      for (char c : a.source.substr(colon + 1))
        line = c >= '0' && c <= '9' ? line * 10 + (c - '0') : line;
    }
    return std::make_tuple(a.fiscal_year,
                           a.source.substr(0, colon == std::string::npos ? 0 : colon), line, a.id);
  };
  std::sort(model->adjustments_.begin(), model->adjustments_.end(),
            [&](const AdjustmentRecord& a, const AdjustmentRecord& b) {
              return source_order(a) < source_order(b);
            });
  model->method_choices_ = std::move(input.method_choices);
  return std::shared_ptr<const OrgModel>(std::move(model));
}

std::optional<int> OrgModel::UnitIndex(std::string_view id) const {
  auto it = index_.find(std::string(id));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

absl::StatusOr<std::vector<int>> OrgModel::Subtree(std::string_view root) const {
  if (root.empty()) return preorder_;
  std::optional<int> start = UnitIndex(root);
  if (!start) {
    return absl::NotFoundError(StrCat("organisation ", organisation_, " has no unit '", root, "'"));
  }
  // Pre-order: the subtree runs until the first unit that is not below `start`.
  std::vector<int> out = {*start};
  for (int i = *start + 1; i < unit_count(); ++i) {
    int p = parent_[i];
    while (p != -1 && p > *start) p = parent_[p];
    if (p != *start) break;
    out.push_back(i);
  }
  return out;
}

period::FiscalYear OrgModel::FiscalYearOf(int year) const {
  auto it = fiscal_years_.find(year);
  return it == fiscal_years_.end() ? period::FiscalYear::Calendar(year) : it->second;
}

int OrgModel::YearOfPeriod(const period::Period& p) const {
  for (const auto& [year, fy] : fiscal_years_) {
    if (fy.Contains(p)) return year;
  }
  return p.year;
}

const YearFigures* OrgModel::Year(int year) const {
  auto it = years_.find(year);
  return it == years_.end() ? nullptr : &it->second;
}

std::vector<int> OrgModel::Years() const {
  std::vector<int> out;
  for (const auto& [y, _] : years_) out.push_back(y);
  return out;
}

std::optional<period::Period> OrgModel::LatestClosed(int year) const {
  auto it = closed_.find(year);
  if (it == closed_.end() || it->second.empty()) return std::nullopt;
  period::FiscalYear fy = FiscalYearOf(year);
  return period::Period::FromIndex(fy.Periods().first.Index() + *it->second.rbegin() - 1);
}

bool OrgModel::IsClosed(int year, int month) const {
  auto it = closed_.find(year);
  return it != closed_.end() && it->second.count(month) > 0;
}

const AdjustmentRecord* OrgModel::FindAdjustment(std::string_view id) const {
  for (const AdjustmentRecord& a : adjustments_) {
    if (a.id == id) return &a;
  }
  return nullptr;
}

const ProjectInfo* OrgModel::FindProject(std::string_view id) const {
  auto it = projects_.find(id);
  return it == projects_.end() ? nullptr : &it->second;
}

std::string OrgModel::ProjectUnit(std::string_view id) const {
  if (const ProjectInfo* p = FindProject(id); p != nullptr && !p->unit_id.empty())
    return p->unit_id;
  for (const auto& [year, figures] : years_) {
    auto it = figures.projects.find(id);
    if (it != figures.projects.end() && !it->second.unit_id.empty()) return it->second.unit_id;
  }
  return "";
}

bool OrgModel::ProjectKnown(std::string_view id, int year) const {
  if (FindProject(id) != nullptr) return true;
  const YearFigures* figures = Year(year);
  return figures != nullptr && figures->projects.count(id) > 0;
}

std::vector<Method> OrgModel::ChosenMethods(int year) const {
  std::vector<Method> out(units_.size(), OrganisationMethod(year));
  // Pre-order: a parent is decided before its children.
  for (int i = 0; i < unit_count(); ++i) {
    if (parent_[i] >= 0) out[i] = out[parent_[i]];
    auto it = method_choices_.find({year, units_[i].id});
    if (it != method_choices_.end()) out[i] = it->second;
  }
  return out;
}

Method OrgModel::OrganisationMethod(int year) const {
  auto it = method_choices_.find({year, ""});
  return it == method_choices_.end() ? Method::kAuto : it->second;
}

}  // namespace tertial::forecast
