#include "tertial/chart/unit_tree.h"

#include <algorithm>
#include <set>
#include <vector>

#include "tertial/base/strings.h"

namespace tertial::chart {

void UnitTree::Define(UnitNode unit) {
  std::string id = unit.id;
  auto existing = units_.find(id);
  if (existing != units_.end() && existing->second.parent_id != unit.parent_id) {
    auto siblings = children_.find(existing->second.parent_id);
    if (siblings != children_.end()) {
      siblings->second.erase(id);
      if (siblings->second.empty()) children_.erase(siblings);
    }
  }
  children_[unit.parent_id].insert(id);
  units_[id] = std::move(unit);
}

absl::Status UnitTree::Validate() const {
  // Each unit's chain is walked at most kMaxUnitDepth steps, so the whole check is linear
  // in the number of units (it was quadratic in the depth, which a file can choose).
  std::vector<std::string_view> chain;
  chain.reserve(kMaxUnitDepth + 1);
  for (const auto& [id, unit] : units_) {
    if (!unit.parent_id.empty() && units_.find(unit.parent_id) == units_.end()) {
      return absl::FailedPreconditionError(
          StrCat("unit ", id, ": parent ", unit.parent_id, " is not defined"));
    }
    chain.assign(1, id);
    for (const UnitNode* at = &unit; !at->parent_id.empty();) {
      auto parent = units_.find(at->parent_id);
      if (parent == units_.end()) break;
      if (std::find(chain.begin(), chain.end(), parent->first) != chain.end()) {
        return absl::FailedPreconditionError(
            StrCat("unit ", id, ": the parent chain loops back through ", parent->first));
      }
      if (static_cast<int>(chain.size()) == kMaxUnitDepth) {
        return absl::FailedPreconditionError(
            StrCat("unit ", id, " lies more than ", kMaxUnitDepth,
                   " levels below its root (or its parent chain loops); a unit tree may have "
                   "at most ",
                   kMaxUnitDepth, " levels"));
      }
      chain.push_back(parent->first);
      at = &parent->second;
    }
  }
  return absl::OkStatus();
}

const UnitNode* UnitTree::Find(std::string_view id) const {
  auto it = units_.find(id);
  return it == units_.end() ? nullptr : &it->second;
}

std::vector<const UnitNode*> UnitTree::Sorted(std::vector<const UnitNode*> nodes) const {
  std::sort(nodes.begin(), nodes.end(), [](const UnitNode* a, const UnitNode* b) {
    return a->position != b->position ? a->position < b->position : a->id < b->id;
  });
  return nodes;
}

std::vector<const UnitNode*> UnitTree::Roots() const {
  std::vector<const UnitNode*> roots;
  for (const auto& [id, unit] : units_) {
    if (unit.parent_id.empty() || units_.find(unit.parent_id) == units_.end()) {
      roots.push_back(&unit);
    }
  }
  return Sorted(std::move(roots));
}

std::vector<const UnitNode*> UnitTree::Children(std::string_view id) const {
  std::vector<const UnitNode*> children;
  auto ids = children_.find(id);
  if (ids == children_.end()) return children;
  for (const std::string& child_id : ids->second) {
    if (child_id != id) children.push_back(&units_.find(child_id)->second);
  }
  return Sorted(std::move(children));
}

std::vector<const UnitNode*> UnitTree::Subtree(std::string_view id) const {
  std::vector<const UnitNode*> out;
  const UnitNode* root = Find(id);
  if (root == nullptr) return out;
  // Iterative pre-order; `seen` guards against a loop in a tree not yet validated.
  std::set<std::string_view> seen;
  std::vector<const UnitNode*> stack = {root};
  while (!stack.empty()) {
    const UnitNode* unit = stack.back();
    stack.pop_back();
    if (!seen.insert(unit->id).second) continue;
    out.push_back(unit);
    std::vector<const UnitNode*> children = Children(unit->id);
    for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back(*it);
  }
  return out;
}

bool UnitTree::InSubtree(std::string_view unit, std::string_view ancestor) const {
  const UnitNode* at = Find(unit);
  for (size_t steps = 0; at != nullptr && steps <= units_.size(); ++steps) {
    if (at->id == ancestor) return true;
    if (at->parent_id.empty()) return false;
    at = Find(at->parent_id);
  }
  return false;
}

std::vector<const UnitNode*> UnitTree::PathTo(std::string_view id) const {
  std::vector<const UnitNode*> path;
  const UnitNode* at = Find(id);
  for (size_t steps = 0; at != nullptr && steps <= units_.size(); ++steps) {
    path.push_back(at);
    if (at->parent_id.empty()) break;
    at = Find(at->parent_id);
  }
  std::reverse(path.begin(), path.end());
  return path;
}

}  // namespace tertial::chart
