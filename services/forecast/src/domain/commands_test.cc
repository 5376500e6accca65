#include "domain/commands.h"

#include <gtest/gtest.h>

#include "domain/test_util.h"

namespace tertial::forecast {
namespace {

std::shared_ptr<const OrgModel> State(std::vector<AdjustmentRecord> adjustments = {}) {
  OrgInput in;
  in.organisation = "0580";
  in.units = {{.id = "KS"}, {.id = "KLS", .parent_id = "KS"}, {.id = "EKS", .parent_id = "KS"}};
  in.projects = {
      {.id = "SIMHALL", .name = "KS, ny simhall", .unit_id = "KS", .frames_ore = {{2021, 100}}}};
  in.adjustments = std::move(adjustments);
  in.method_choices[{2021, ""}] = Method::kBudgetRemaining;
  return *OrgModel::Build(std::move(in));
}

AdjustmentDraft Draft(std::string id, std::string unit, AdjustmentSide side, int64_t amount) {
  return {.adjustment_id = std::move(id),
          .unit_id = std::move(unit),
          .side = side,
          .amount_ore = amount,
          .reason = "because"};
}

TEST(DecideAdjust, MakesOneEventPerAdjustment) {
  AdjustCommand command{.fiscal_year = 2021, .actor = "anna"};
  command.drafts.push_back(Draft("a1", "KLS", AdjustmentSide::kCosts, -200));
  AdjustmentDraft investment = Draft("a2", "", AdjustmentSide::kInvestmentSpending, 5000);
  investment.project_id = "SIMHALL";
  investment.expires_after = period::Period{2021, 10};
  command.drafts.push_back(investment);
  absl::StatusOr<AdjustDecision> d = DecideAdjust(*State(), command);
  ASSERT_TRUE(d.ok()) << d.status();
  ASSERT_EQ(d->events.size(), 2u);
  EXPECT_EQ(d->events[0].side(), v1::SIDE_COSTS);
  EXPECT_EQ(d->events[0].amount_ore(), -200);
  EXPECT_EQ(d->events[0].actor(), "anna");
  EXPECT_EQ(d->events[1].unit_id(), "KS");  // the project's unit
  EXPECT_EQ(d->events[1].expires_after().month(), 10);
  EXPECT_EQ(d->ids, (std::vector<std::string>{"a1", "a2"}));
}

TEST(DecideAdjust, ListsEveryProblemAndMakesNothing) {
  AdjustCommand command{.fiscal_year = 2021};
  command.drafts.push_back(Draft("ok", "KLS", AdjustmentSide::kCosts, 1));
  command.drafts.push_back(Draft("b1", "NOPE", AdjustmentSide::kCosts, 1));
  command.drafts.push_back(Draft("b2", "KLS", AdjustmentSide::kRevenues, 0));
  AdjustmentDraft no_reason = Draft("b3", "KLS", AdjustmentSide::kCosts, 5);
  no_reason.reason.clear();
  no_reason.file = "adjustments.csv";
  no_reason.line = 7;
  command.drafts.push_back(no_reason);
  AdjustmentDraft wrong_unit = Draft("b4", "KLS", AdjustmentSide::kInvestmentSpending, 5);
  wrong_unit.project_id = "SIMHALL";
  command.drafts.push_back(wrong_unit);
  AdjustmentDraft early = Draft("b5", "KLS", AdjustmentSide::kCosts, 5);
  early.expires_after = period::Period{2020, 12};
  command.drafts.push_back(early);
  absl::StatusOr<AdjustDecision> d = DecideAdjust(*State(), command);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
  std::string message(d.status().message());
  EXPECT_NE(message.find("5 errors"), std::string::npos) << message;
  EXPECT_NE(message.find("adjustment 2: unit_id: no unit 'NOPE'"), std::string::npos) << message;
  EXPECT_NE(message.find("adjustment 3: amount: must not be zero"), std::string::npos) << message;
  EXPECT_NE(message.find("adjustments.csv:7: reason"), std::string::npos) << message;
  EXPECT_NE(message.find("belongs to unit KS"), std::string::npos) << message;
  EXPECT_NE(message.find("never apply"), std::string::npos) << message;
}

TEST(DecideAdjust, SameIdAndContentIsAlreadyMadeOtherContentConflicts) {
  auto state = State({{.id = "a1",
                       .fiscal_year = 2021,
                       .unit_id = "KLS",
                       .side = AdjustmentSide::kCosts,
                       .amount_ore = -200,
                       .reason = "because"}});
  AdjustCommand same{.fiscal_year = 2021,
                     .drafts = {Draft("a1", "KLS", AdjustmentSide::kCosts, -200)}};
  absl::StatusOr<AdjustDecision> d = DecideAdjust(*state, same);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_TRUE(d->events.empty());
  EXPECT_EQ(d->already_made, 1);
  AdjustCommand other{.fiscal_year = 2021,
                      .drafts = {Draft("a1", "KLS", AdjustmentSide::kCosts, -300)}};
  EXPECT_EQ(DecideAdjust(*state, other).status().code(), absl::StatusCode::kAlreadyExists);
}

TEST(DecideWithdraw, WithdrawsOnceAndNeedsAReason) {
  auto state = State({{.id = "a1", .fiscal_year = 2021, .unit_id = "KLS"},
                      {.id = "a2", .fiscal_year = 2021, .unit_id = "KLS", .withdrawn = true}});
  auto d = DecideWithdraw(*state, "a1", "settled", "anna");
  ASSERT_TRUE(d.ok());
  ASSERT_TRUE(d->has_value());
  EXPECT_EQ((*d)->reason(), "settled");
  EXPECT_FALSE(DecideWithdraw(*state, "a2", "again", "anna")->has_value());
  EXPECT_EQ(DecideWithdraw(*state, "a9", "x", "anna").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(DecideWithdraw(*state, "a1", "", "anna").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(DecideChooseMethod, ChoosesValidatesAndIgnoresRepeats) {
  auto state = State();
  auto d = DecideChooseMethod(*state, 2021, "EKS", "prior_year_profile", "anna");
  ASSERT_TRUE(d.ok());
  ASSERT_TRUE(d->has_value());
  EXPECT_EQ((*d)->unit_id(), "EKS");
  EXPECT_EQ((*d)->method(), "prior_year_profile");
  EXPECT_FALSE(DecideChooseMethod(*state, 2021, "", "budget_remaining", "anna")->has_value());
  EXPECT_FALSE(DecideChooseMethod(*state, 2022, "", "auto", "anna")->has_value());
  EXPECT_TRUE(DecideChooseMethod(*state, 2022, "", "runrate", "anna")->has_value());
  EXPECT_EQ(DecideChooseMethod(*state, 2021, "", "guess", "anna").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecideChooseMethod(*state, 2021, "NOPE", "runrate", "anna").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(ParseAdjustmentsCsv, ReadsTheFormatOfDocsFormats) {
  absl::StatusOr<std::vector<AdjustmentDraft>> drafts = ParseAdjustmentsCsv(
      "unit_id,project_id,side,amount,reason,expires_after\n"
      "KSGEM,,costs,4000000,\"Räddningstjänsten, regleras vid årets slut\",\n"
      ",SIMHALL,investment_spending,\"55789000,50\",Lejonfastigheters plan,2021-10\n",
      "adjustments.csv");
  ASSERT_TRUE(drafts.ok()) << drafts.status();
  ASSERT_EQ(drafts->size(), 2u);
  EXPECT_EQ((*drafts)[0].amount_ore, 400'000'000);
  EXPECT_EQ((*drafts)[0].side, AdjustmentSide::kCosts);
  EXPECT_EQ((*drafts)[0].reason, "Räddningstjänsten, regleras vid årets slut");
  EXPECT_EQ((*drafts)[0].line, 2);
  EXPECT_FALSE((*drafts)[0].expires_after.has_value());
  EXPECT_EQ((*drafts)[1].amount_ore, 5'578'900'050);
  EXPECT_EQ((*drafts)[1].project_id, "SIMHALL");
  EXPECT_EQ((*drafts)[1].expires_after, (period::Period{2021, 10}));
}

TEST(ParseAdjustmentsCsv, NamesFileLineAndFieldOfEveryError) {
  absl::StatusOr<std::vector<AdjustmentDraft>> drafts = ParseAdjustmentsCsv(
      "unit_id;side;amount_ore;reason\nKLS;cost;12;x\nKLS;costs;12.5;y\nKLS;costs\n", "adj.csv");
  ASSERT_FALSE(drafts.ok());
  std::string message(drafts.status().message());
  EXPECT_NE(message.find("adj.csv:2: side: 'cost'"), std::string::npos) << message;
  EXPECT_NE(message.find("adj.csv:3: amount_ore: '12.5'"), std::string::npos) << message;
  EXPECT_NE(message.find("adj.csv:4: expected 4 fields"), std::string::npos) << message;

  EXPECT_NE(ParseAdjustmentsCsv("unit_id,side,amount,amount_ore,reason\n", "x.csv")
                .status()
                .message()
                .find("x.csv:1: amount: amount_ore and amount are both given; a file uses one "
                      "or the other"),
            std::string_view::npos);
  EXPECT_NE(ParseAdjustmentsCsv("unit_id,side,amount,reason,comment\n", "x.csv")
                .status()
                .message()
                .find("x.csv:1:28: comment: unknown column; the columns are side, reason, "
                      "amount_ore or amount, unit_id (optional), project_id (optional), "
                      "expires_after (optional)"),
            std::string_view::npos);
  EXPECT_FALSE(ParseAdjustmentsCsv("unit_id,side,amount,reason\n", "x.csv").ok());
  EXPECT_EQ(ParseAdjustmentsCsv("unit_id,side,amount,reason\nKLS,costs,1,\"never closed\n", "c.csv")
                .status()
                .message(),
            "c.csv:2:13: a quoted field is not closed before the end of the file");
  EXPECT_EQ(ParseAdjustmentsCsv("", "e.csv").status().message(),
            "e.csv: empty file; expected a header line");
}

TEST(ParseAdjustmentsCsv, ReadsTheSharedDialect) {
  absl::StatusOr<std::vector<AdjustmentDraft>> drafts = ParseAdjustmentsCsv(
      "\xEF\xBB\xBFunit_id;side;amount;reason\r\nKLS;costs;\"1 234,50\";\"Juridik; inga "
      "\"\"utredningar\"\"\"\r\n\r\nEKS;revenues;-7;\"två\nrader\"\n",
      "a.csv");
  ASSERT_TRUE(drafts.ok()) << drafts.status();
  ASSERT_EQ(drafts->size(), 2u);
  EXPECT_EQ((*drafts)[0].line, 2);
  EXPECT_EQ((*drafts)[0].amount_ore, 123450);  // grouped thousands, as in every CSV number
  EXPECT_EQ((*drafts)[0].reason, "Juridik; inga \"utredningar\"");
  EXPECT_EQ((*drafts)[1].line, 4);
  EXPECT_EQ((*drafts)[1].reason, "två\nrader");
}

}  // namespace
}  // namespace tertial::forecast
