#ifndef TERTIAL_CHART_UNIT_TREE_H_
#define TERTIAL_CHART_UNIT_TREE_H_

// The organisation's unit tree: nämnd (board) -> förvaltning -> stab -> enhet. Built from
// the ledger's UnitDefined events; every service that rolls figures up a subtree (ledger
// balances, forecasts, the report) uses this one, so roll-ups agree everywhere.
//
// Pure: no I/O. Not thread-safe for writes; const methods may be called concurrently.

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace tertial::chart {

// DO NOT CHANGE THESE VALUES: they match tertial.ledger.v1.UnitKind.
enum class UnitKind { kUnspecified = 0, kNamnd = 1, kForvaltning = 2, kStab = 3, kEnhet = 4 };

// Deepest unit tree accepted: a root is level 1, its children level 2, and so on. A real
// municipality has four or five levels (nämnd, förvaltning, stab, enhet); the limit keeps
// every walk up a parent chain short, so that checking and rolling up a tree costs time in
// proportion to its size, and a file of 20 000 nested units is refused at once.
inline constexpr int kMaxUnitDepth = 64;

struct UnitNode {
  std::string id;
  std::string name;
  std::string parent_id;  // empty for a root
  UnitKind kind = UnitKind::kUnspecified;
  std::string scb_activity_code;
  int position = 0;  // order among siblings
};

class UnitTree {
 public:
  // Adds or replaces a unit (defining a unit again replaces its attributes). A parent may
  // be defined after its children; Validate checks the whole.
  void Define(UnitNode unit);

  // Every parent exists, there is no cycle and no unit lies deeper than kMaxUnitDepth.
  // Errors name the unit. Linear in the size of the tree.
  absl::Status Validate() const;

  const UnitNode* Find(std::string_view id) const;
  bool empty() const { return units_.empty(); }
  size_t size() const { return units_.size(); }

  // Roots and children in display order: by position, then id.
  std::vector<const UnitNode*> Roots() const;
  std::vector<const UnitNode*> Children(std::string_view id) const;

  // `id` and everything below it, pre-order (a unit before its children, siblings in
  // display order). Empty if `id` is unknown.
  std::vector<const UnitNode*> Subtree(std::string_view id) const;

  // True if `unit` is `ancestor` or lies below it. False for unknown units.
  bool InSubtree(std::string_view unit, std::string_view ancestor) const;

  // The path from the root down to `id`, both included.
  std::vector<const UnitNode*> PathTo(std::string_view id) const;

 private:
  std::vector<const UnitNode*> Sorted(std::vector<const UnitNode*> nodes) const;
  std::map<std::string, UnitNode, std::less<>> units_;
  // parent id -> ids of the units naming it as parent, kept by Define so that Children and
  // Subtree cost what they return, not the size of the tree (trees have thousands of units).
  std::map<std::string, std::set<std::string>, std::less<>> children_;
};

}  // namespace tertial::chart

#endif  // TERTIAL_CHART_UNIT_TREE_H_
