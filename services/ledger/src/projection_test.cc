#include "projection.h"

#include <gtest/gtest.h>

#include "tertial/base/hash.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::ledger {
namespace {

class LedgerProjectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = *eventlog::EmbeddedLog::Open(dir_.Sub("log"), {.sync_commits = false});
    db_ = *projection::ProjectionDb::Open(dir_.Sub("projection"));
    runner_ = std::make_unique<projection::Runner>(
        log_.get(), db_.get(), &projection_, projection::RunnerOptions{.records_per_step = 3});
  }

  void Append(const std::vector<v1::LedgerEvent>& events, const std::string& org = "0580") {
    std::vector<eventlog::Envelope> envelopes;
    for (const auto& e : events)
      envelopes.push_back(*eventlog::Wrap(e, "k", {.organisation = org, .actor = "t"}));
    ASSERT_TRUE(log_->Append(eventlog::kLedgerTopic, org, envelopes).ok());
    ASSERT_TRUE(runner_->CatchUp().ok());
  }

  static v1::LedgerEvent Unit(const std::string& id, const std::string& parent, int position) {
    v1::LedgerEvent e;
    e.mutable_unit_defined()->set_unit_id(id);
    e.mutable_unit_defined()->set_name(id);
    e.mutable_unit_defined()->set_parent_id(parent);
    e.mutable_unit_defined()->set_position(position);
    return e;
  }

  static v1::LedgerEvent Voucher(const std::string& number, int month,
                                 std::vector<std::tuple<std::string, std::string, int64_t>> lines) {
    v1::LedgerEvent e;
    auto* v = e.mutable_voucher_posted();
    v->set_fiscal_year(2021);
    v->set_series("A");
    v->set_number(number);
    v->mutable_date()->set_year(2021);
    v->mutable_date()->set_month(month);
    v->mutable_date()->set_day(10);
    for (const auto& [account, unit, ore] : lines) {
      auto* t = v->add_transactions();
      t->set_account(account);
      if (!unit.empty()) {
        t->add_objects()->set_dimension(1);
        t->mutable_objects(0)->set_object_id(unit);
      }
      t->set_amount_ore(ore);
    }
    return e;
  }

  static v1::LedgerEvent Budget(const std::string& unit, const std::string& account, int month,
                                int64_t ore) {
    v1::LedgerEvent e;
    auto* line = e.mutable_budget_lines_set()->add_lines();
    e.mutable_budget_lines_set()->set_fiscal_year(2021);
    line->set_unit_id(unit);
    line->set_account(account);
    line->mutable_period()->set_year(2021);
    line->mutable_period()->set_month(month);
    line->set_amount_ore(ore);
    return e;
  }

  std::vector<v1::BalanceRow> Balances(std::vector<v1::GroupBy> by, std::string subtree = "",
                                       bool rollup = false, int first = 0, int last = 0) {
    v1::GetBalancesRequest request;
    request.set_organisation("0580");
    for (auto g : by) request.add_group_by(g);
    request.set_unit_subtree(subtree);
    request.set_rollup_units(rollup);
    if (first) {
      request.mutable_range()->mutable_first()->set_year(2021);
      request.mutable_range()->mutable_first()->set_month(first);
      request.mutable_range()->mutable_last()->set_year(2021);
      request.mutable_range()->mutable_last()->set_month(last);
    }
    auto snapshot = db_->Snapshot();
    auto rows = QueryBalances(*snapshot, request);
    EXPECT_TRUE(rows.ok()) << rows.status();
    return rows.ok() ? *rows : std::vector<v1::BalanceRow>{};
  }

  void Tree() {
    Append({Unit("KS", "", 0), Unit("KLF", "KS", 0), Unit("EKS", "KLF", 0), Unit("VSS", "KS", 1)});
  }

  testing::TempDir dir_;
  std::unique_ptr<eventlog::EmbeddedLog> log_;
  std::unique_ptr<projection::ProjectionDb> db_;
  LedgerProjection projection_;
  std::unique_ptr<projection::Runner> runner_;
};

TEST_F(LedgerProjectionTest, SumsVouchersPerUnitAndShowsBudgetBeside) {
  Tree();
  Append({Voucher("1", 1, {{"5010", "EKS", 1000}, {"5010", "EKS", 500}, {"1930", "", -1500}}),
          Voucher("2", 2, {{"3510", "VSS", -300}, {"1930", "", 300}}),
          Budget("EKS", "5", 1, 2000)});
  auto rows = Balances({v1::GROUP_BY_UNIT, v1::GROUP_BY_ACCOUNT_CLASS});
  // Tree order: KS, KLF, EKS, VSS; the organisation's own (no unit) last.
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].unit_id(), "EKS");
  EXPECT_EQ(rows[0].account_class(), "5");
  EXPECT_EQ(rows[0].actual_ore(), 1500);
  EXPECT_EQ(rows[0].budget_ore(), 2000);
  EXPECT_EQ(rows[1].unit_id(), "VSS");
  EXPECT_EQ(rows[1].actual_ore(), -300);
  EXPECT_EQ(rows[2].unit_id(), "");
  EXPECT_EQ(rows[2].account_class(), "1");
  EXPECT_EQ(rows[2].actual_ore(), -1200);
}

TEST_F(LedgerProjectionTest, SubtreeAndRollupAndRange) {
  Tree();
  Append({Voucher("1", 1, {{"5010", "EKS", 1000}, {"1930", "", -1000}}),
          Voucher("2", 2, {{"5010", "KLF", 200}, {"1930", "", -200}}),
          Voucher("3", 3, {{"5010", "VSS", 7}, {"1930", "", -7}})});
  auto klf = Balances({}, "KLF");
  ASSERT_EQ(klf.size(), 1u);
  EXPECT_EQ(klf[0].actual_ore(), 1200);
  auto rolled = Balances({v1::GROUP_BY_UNIT}, "KS", true);
  ASSERT_EQ(rolled.size(), 4u);
  EXPECT_EQ(rolled[0].unit_id(), "KS");
  EXPECT_EQ(rolled[0].actual_ore(), 1207);
  EXPECT_EQ(rolled[1].unit_id(), "KLF");
  EXPECT_EQ(rolled[1].actual_ore(), 1200);
  auto months = Balances({v1::GROUP_BY_MONTH}, "KS", false, 2, 3);
  ASSERT_EQ(months.size(), 2u);
  EXPECT_EQ(months[0].period().month(), 2);
  EXPECT_EQ(months[0].actual_ore(), 200);
  EXPECT_EQ(months[1].actual_ore(), 7);
}

TEST_F(LedgerProjectionTest, BudgetIsSetNotAdded) {
  Tree();
  Append({Budget("EKS", "5", 1, 2000)});
  Append({Budget("EKS", "5", 1, 3000)});
  auto rows = Balances({});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].budget_ore(), 3000);
}

TEST_F(LedgerProjectionTest, SameVoucherTwiceInTheLogCountsOnce) {
  Tree();
  Append({Voucher("1", 1, {{"5010", "EKS", 1000}, {"1930", "", -1000}})});
  Append({Voucher("1", 1, {{"5010", "EKS", 1000}, {"1930", "", -1000}})});
  auto rows = Balances({v1::GROUP_BY_ACCOUNT});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].account(), "1930");
  EXPECT_EQ(rows[0].actual_ore(), -1000);
  auto snapshot = db_->Snapshot();
  ProjectionView view(snapshot.get(), "0580");
  EXPECT_TRUE(view.VoucherPosted(2021, "A", "1"));
  EXPECT_TRUE(view.AnyVoucherPosted(2021));
  EXPECT_FALSE(view.AnyVoucherPosted(2020));
}

TEST_F(LedgerProjectionTest, ARetractionTakesTheVouchersBackAndForgetsTheContent) {
  Tree();
  Append({Budget("EKS", "5010", 1, 700)});
  Append({Voucher("1", 1, {{"5010", "EKS", 1000}, {"1930", "", -1000}})});
  const std::vector<v1::BalanceRow> before = Balances({v1::GROUP_BY_ACCOUNT});
  v1::LedgerEvent extra =
      Voucher("2", 1, {{"5010", "EKS", 400}, {"4010", "VSS", 60}, {"1930", "", -460}});
  extra.mutable_voucher_posted()->set_import_id("imp2");
  v1::LedgerEvent completed;
  completed.mutable_import_completed()->set_import_id("imp2");
  completed.mutable_import_completed()->set_content_sha256("abc");
  Append({extra, completed});
  ASSERT_NE(Balances({v1::GROUP_BY_ACCOUNT}).size(), before.size());

  v1::LedgerEvent compensation = extra;
  compensation.mutable_voucher_posted()->set_retraction_id("r2");
  for (auto& t : *compensation.mutable_voucher_posted()->mutable_transactions()) {
    t.set_amount_ore(-t.amount_ore());
  }
  v1::LedgerEvent retracted;
  retracted.mutable_import_retracted()->set_import_id("imp2");
  retracted.mutable_import_retracted()->set_content_sha256("abc");
  retracted.mutable_import_retracted()->set_reason("fel fil");
  Append({compensation, retracted});
  // The cells only the import made are gone; the budget cell it touched keeps its budget.
  const std::vector<v1::BalanceRow> after = Balances({v1::GROUP_BY_ACCOUNT});
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].ShortDebugString(), before[i].ShortDebugString());
  }
  auto snapshot = db_->Snapshot();
  ProjectionView view(snapshot.get(), "0580");
  EXPECT_EQ(view.ImportOfContent("abc"), "");
  EXPECT_FALSE(view.VoucherPosted(2021, "A", "2"));
  EXPECT_TRUE(view.VoucherPosted(2021, "A", "1"));
}

TEST_F(LedgerProjectionTest, SameImportAppendedTwiceCountsOnce) {
  // Two writers appended the same file: the same import id, both copies complete.
  v1::LedgerEvent voucher = Voucher("1", 1, {{"5010", "EKS", 1000}, {"1930", "", -1000}});
  voucher.mutable_voucher_posted()->set_import_id("import-x");
  v1::LedgerEvent other = Voucher("2", 1, {{"5010", "EKS", 5}, {"1930", "", -5}});
  other.mutable_voucher_posted()->set_import_id("import-x");
  v1::LedgerEvent completed;
  completed.mutable_import_completed()->set_import_id("import-x");
  Append({voucher, other, completed});
  Append({voucher, other, completed});
  auto rows = Balances({v1::GROUP_BY_ACCOUNT});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].actual_ore(), 1005);
}

TEST_F(LedgerProjectionTest, ASecondCopyOfAnImportCountsOnceEvenWithoutVoucherNumbers) {
  // A repeated number ("#VER # 1" for every depreciation) and an unnumbered voucher (SIE
  // 4I) count like any other, but not again when the whole batch appears a second time.
  v1::LedgerEvent first = Voucher("1", 2, {{"5010", "EKS", 100}, {"1930", "", -100}});
  v1::LedgerEvent repeated = Voucher("1", 2, {{"5010", "EKS", 20}, {"1930", "", -20}});
  repeated.mutable_voucher_posted()->set_number_repeated(true);
  repeated.mutable_voucher_posted()->set_source_line(40);
  v1::LedgerEvent unnumbered = Voucher("", 2, {{"5010", "EKS", 3}, {"1930", "", -3}});
  unnumbered.mutable_voucher_posted()->set_source_line(50);
  for (v1::LedgerEvent* e : {&first, &repeated, &unnumbered}) {
    e->mutable_voucher_posted()->set_import_id("import-y");
  }
  v1::LedgerEvent completed;
  completed.mutable_import_completed()->set_import_id("import-y");
  Append({first, repeated, unnumbered, completed});
  Append({first, repeated, unnumbered, completed});
  auto rows = Balances({v1::GROUP_BY_ACCOUNT});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].account(), "5010");
  EXPECT_EQ(rows[1].actual_ore(), 123);
}

TEST_F(LedgerProjectionTest, ALineCountsInItsVouchersMonthWhateverItsOwnDate) {
  Tree();
  v1::LedgerEvent v = Voucher("1", 1, {{"5010", "EKS", 1000}, {"1930", "", -1000}});
  auto* date = v.mutable_voucher_posted()->mutable_transactions(0)->mutable_date();
  date->set_year(2022);
  date->set_month(2);
  date->set_day(1);
  Append({v});
  auto rows = Balances({v1::GROUP_BY_MONTH}, "", false, 1, 12);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].period().month(), 1);
}

TEST_F(LedgerProjectionTest, ProjectFramesMergeByYear) {
  v1::LedgerEvent a;
  a.mutable_project_defined()->set_project_id("P1");
  a.mutable_project_defined()->set_name("Simhall");
  a.mutable_project_defined()->set_unit_id("KLF");
  a.mutable_project_defined()->add_frames()->set_fiscal_year(2021);
  a.mutable_project_defined()->mutable_frames(0)->set_frame_ore(100);
  v1::LedgerEvent b = a;
  b.mutable_project_defined()->mutable_frames(0)->set_fiscal_year(2022);
  b.mutable_project_defined()->mutable_frames(0)->set_frame_ore(200);
  Append({a, b});
  auto projects = QueryProjects(*db_->Snapshot(), "0580");
  ASSERT_TRUE(projects.ok());
  ASSERT_EQ(projects->projects_size(), 1);
  ASSERT_EQ(projects->projects(0).frames_size(), 2);
  EXPECT_EQ(projects->projects(0).frames(1).frame_ore(), 200);
}

TEST_F(LedgerProjectionTest, OrganisationsDoNotSeeEachOther) {
  Tree();
  Append({Voucher("1", 1, {{"5010", "EKS", 1000}, {"1930", "", -1000}})}, "0581");
  EXPECT_TRUE(Balances({}).empty());
}

TEST_F(LedgerProjectionTest, RebuildGivesTheSameBytes) {
  Tree();
  Append({Voucher("1", 1, {{"5010", "EKS", 1000}, {"1930", "", -1000}}),
          Voucher("2", 2, {{"3510", "VSS", -300}, {"1930", "", 300}}),
          Budget("EKS", "5", 1, 2000)});
  auto before = db_->Dump();
  ASSERT_TRUE(before.ok());
  ASSERT_TRUE(runner_->Rebuild().ok());
  auto after = db_->Dump();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*before, *after);
}

TEST_F(LedgerProjectionTest, UnknownSubtreeIsAnError) {
  v1::GetBalancesRequest request;
  request.set_organisation("0580");
  request.set_unit_subtree("NOPE");
  auto rows = QueryBalances(*db_->Snapshot(), request);
  EXPECT_EQ(rows.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace tertial::ledger
