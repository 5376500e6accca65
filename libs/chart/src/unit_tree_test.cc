#include "tertial/chart/unit_tree.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tertial::chart {
namespace {

std::vector<std::string> Ids(const std::vector<const UnitNode*>& nodes) {
  std::vector<std::string> ids;
  for (const UnitNode* n : nodes) ids.push_back(n->id);
  return ids;
}

UnitTree Board() {
  UnitTree tree;
  // Defined out of order on purpose: children before parents, positions not sorted.
  tree.Define({.id = "EKS",
               .name = "Ekonomistaben",
               .parent_id = "KLF",
               .kind = UnitKind::kStab,
               .position = 2});
  tree.Define({.id = "KLS",
               .name = "Kommunledningsstaben",
               .parent_id = "KLF",
               .kind = UnitKind::kStab,
               .position = 1});
  tree.Define({.id = "KLF",
               .name = "Kommunledningsförvaltningen",
               .parent_id = "KS",
               .kind = UnitKind::kForvaltning,
               .position = 1});
  tree.Define({.id = "VSS",
               .name = "Verksamhetsstöd och service",
               .parent_id = "KS",
               .kind = UnitKind::kForvaltning,
               .position = 2});
  tree.Define({.id = "KS", .name = "Kommunstyrelsen", .kind = UnitKind::kNamnd});
  return tree;
}

TEST(UnitTree, SubtreeIsPreOrderInDisplayOrder) {
  UnitTree tree = Board();
  ASSERT_TRUE(tree.Validate().ok());
  EXPECT_EQ(Ids(tree.Subtree("KS")), (std::vector<std::string>{"KS", "KLF", "KLS", "EKS", "VSS"}));
  EXPECT_EQ(Ids(tree.Subtree("KLF")), (std::vector<std::string>{"KLF", "KLS", "EKS"}));
  EXPECT_TRUE(tree.Subtree("NOPE").empty());
  EXPECT_EQ(Ids(tree.Roots()), (std::vector<std::string>{"KS"}));
}

TEST(UnitTree, AnswersMembershipAndPaths) {
  UnitTree tree = Board();
  EXPECT_TRUE(tree.InSubtree("EKS", "KS"));
  EXPECT_TRUE(tree.InSubtree("EKS", "EKS"));
  EXPECT_FALSE(tree.InSubtree("VSS", "KLF"));
  EXPECT_FALSE(tree.InSubtree("NOPE", "KS"));
  EXPECT_EQ(Ids(tree.PathTo("EKS")), (std::vector<std::string>{"KS", "KLF", "EKS"}));
}

TEST(UnitTree, RedefiningReplacesAttributes) {
  UnitTree tree = Board();
  tree.Define(
      {.id = "VSS", .name = "VSS", .parent_id = "KLF", .kind = UnitKind::kStab, .position = 3});
  EXPECT_EQ(tree.Find("VSS")->name, "VSS");
  EXPECT_EQ(Ids(tree.Subtree("KLF")), (std::vector<std::string>{"KLF", "KLS", "EKS", "VSS"}));
  EXPECT_EQ(Ids(tree.Children("KS")), (std::vector<std::string>{"KLF"}));
  EXPECT_EQ(tree.size(), 5u);
}

TEST(UnitTree, RejectsMissingParentsAndLoops) {
  UnitTree orphan;
  orphan.Define({.id = "A", .parent_id = "B"});
  absl::Status s = orphan.Validate();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("parent B is not defined"), std::string_view::npos) << s;

  UnitTree loop;
  loop.Define({.id = "A", .parent_id = "B"});
  loop.Define({.id = "B", .parent_id = "A"});
  EXPECT_FALSE(loop.Validate().ok());
  // Queries stay finite on a loop that was not validated.
  EXPECT_LE(loop.Subtree("A").size(), 2u);
  EXPECT_FALSE(loop.InSubtree("A", "C"));
}

// A chain U1 <- U2 <- ... <- U`levels`: U1 is the root.
UnitTree Chain(int levels) {
  UnitTree tree;
  for (int i = 1; i <= levels; ++i) {
    tree.Define(
        {.id = "U" + std::to_string(i), .parent_id = i == 1 ? "" : "U" + std::to_string(i - 1)});
  }
  return tree;
}

TEST(UnitTree, AcceptsTheDeepestTreeAllowed) {
  UnitTree tree = Chain(kMaxUnitDepth);
  EXPECT_TRUE(tree.Validate().ok()) << tree.Validate();
  EXPECT_EQ(tree.PathTo("U64").size(), static_cast<size_t>(kMaxUnitDepth));
}

TEST(UnitTree, RefusesATreeDeeperThanTheLimitNamingTheUnit) {
  absl::Status s = Chain(kMaxUnitDepth + 1).Validate();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("unit U65 lies more than 64 levels below its root"),
            std::string_view::npos)
      << s;
  EXPECT_NE(s.message().find("at most 64 levels"), std::string_view::npos) << s;
  // The tree of the report (20 000 levels) is refused the same way.
  EXPECT_FALSE(Chain(20'000).Validate().ok());
}

TEST(UnitTree, ALongLoopIsRefusedToo) {
  UnitTree loop = Chain(100);
  loop.Define({.id = "U1", .parent_id = "U100"});
  EXPECT_FALSE(loop.Validate().ok());
}

}  // namespace
}  // namespace tertial::chart
