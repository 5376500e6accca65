#include <gtest/gtest.h>

#include "domain/sie_event_builder.h"
#include "domain/sie_validator.h"
#include "tertial/money/money.h"
#include "testing/fake_view.h"
#include "testing/vouchers.h"

namespace tertial::ledger {
namespace {

using testing::FakeDirectory;
using testing::Trans;
using testing::Ver;

// A file's items with their lines, fed to a validator.
class SieImportTest : public ::testing::Test {
 protected:
  void SetUp() override { settings_ = {.file_name = "ledger.se", .organisation = "0580"}; }
  void Header(int year = 2021) {
    Add(sie::Rar{0, {year, 1, 1}, {year, 12, 31}}, 3);
    Add(sie::Konto{"1930", "Bank"}, 4);
    Add(sie::Konto{"5010", "Lokalhyra"}, 5);
    Add(sie::Konto{"3510", "Avgifter"}, 6);
    Add(sie::Dim{1, "Ansvar"}, 7);
    Add(sie::Objekt{1, "EKS", "Ekonomistaben"}, 8);
  }
  void Add(sie::Item item, int line) { items_.emplace_back(std::move(item), line); }
  SieValidator& Validate() {
    validator_ = std::make_unique<SieValidator>(settings_, &directory_);
    for (const auto& [item, line] : items_) validator_->Add(item, line);
    validator_->Finish({}, {}, 0);
    return *validator_;
  }
  bool HasError(int line, const std::string& field, const std::string& text) {
    for (const Issue& issue : validator_->issues().errors()) {
      if (issue.line == line && issue.field == field &&
          issue.message.find(text) != std::string::npos && issue.file == "ledger.se") {
        return true;
      }
    }
    return false;
  }
  std::string Errors() {
    std::string out;
    for (const Issue& issue : validator_->issues().errors()) out += FormatIssue(issue) + "\n";
    return out;
  }

  ImportSettings settings_;
  FakeDirectory directory_;
  std::vector<std::pair<sie::Item, int>> items_;
  std::unique_ptr<SieValidator> validator_;
};

class Collect final : public EventSink {
 public:
  absl::Status Emit(v1::LedgerEvent&& event, std::string_view key, std::string_view seed,
                    int64_t) override {
    events.push_back(event);
    keys.emplace_back(key);
    return absl::OkStatus();
  }
  std::vector<v1::LedgerEvent> events;
  std::vector<std::string> keys;
};

TEST_F(SieImportTest, AcceptsBalancedVoucherAndBuildsItsEvent) {
  Header();
  Add(Ver("A", "1", {2021, 3, 15}, 10,
          {Trans("5010", 12500, 11, {{1, "EKS"}}), Trans("1930", -12500, 12)}),
      13);
  SieValidator& v = Validate();
  ASSERT_FALSE(v.issues().has_errors()) << Errors();
  SiePlan plan = v.TakePlan();
  EXPECT_EQ(plan.organisation, "0580");
  EXPECT_EQ(plan.vouchers, 1);
  EXPECT_EQ(plan.transactions, 2);
  Collect sink;
  SieEventBuilder builder(plan, "imp");
  ASSERT_TRUE(builder.Begin(sink).ok());
  for (const auto& [item, line] : items_) ASSERT_TRUE(builder.Add(item, sink).ok());
  v1::ImportCompleted completed;
  completed.set_import_id("imp");
  ASSERT_TRUE(builder.Finish(completed, sink).ok());
  // Definitions (fiscal year, dimension, object, unit, accounts), the voucher, the end.
  int vouchers = 0, accounts = 0, units = 0;
  for (const auto& e : sink.events) {
    vouchers += e.has_voucher_posted();
    accounts += e.has_account_defined();
    units += e.has_unit_defined();
  }
  EXPECT_EQ(vouchers, 1);
  EXPECT_EQ(accounts, 3);
  EXPECT_EQ(units, 1);
  EXPECT_TRUE(sink.events.back().has_import_completed());
  const v1::LedgerEvent& voucher = sink.events[sink.events.size() - 2];
  ASSERT_TRUE(voucher.has_voucher_posted());
  EXPECT_EQ(sink.keys[sink.events.size() - 2], "voucher/2021/A/1");
  EXPECT_EQ(voucher.voucher_posted().transactions(0).objects(0).object_id(), "EKS");
  EXPECT_EQ(voucher.voucher_posted().source_line(), 10);
  EXPECT_EQ(voucher.voucher_posted().import_id(), "imp");
}

TEST_F(SieImportTest, BuildsTheSameEventsFromTheReadersViewsAsFromItsItems) {
  // A file read as the importer reads it: validated from items, built from views (pass 2)
  // and, to compare, from items.
  const std::string file =
      "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20210101 20211231\n#KONTO 1930 Bank\n"
      "#KONTO 5010 Lokalhyra\n#DIM 1 Ansvar\n#OBJEKT 1 EKS Ekonomistaben\n#DIM 6 Projekt\n"
      "#OBJEKT 6 P1 \"Ny simhall\"\n"
      "#VER A 1 20210315 \"Hyra m\x86rs\" 20210316 \"Signatur\"\n{\n"
      "#TRANS 5010 {1 \"EKS\" 6 \"P1\"} 12500.50 20210315 \"K\x94p av \\\"tj\x84nst\\\"\" 2.5\n"
      "#RTRANS 1930 {} -100.00\n#TRANS 1930 {} -100.00\n"
      "#BTRANS 1930 {} 5\n#TRANS 1930 {} -12400.50\n}\n"
      "#VER B \"\" 20210401\n{\n#TRANS 5010 {} 1\n#TRANS 1930 {1 EKS} -1\n}\n";
  const auto read = [&](auto* item, auto each) {
    auto source = sie::FromString(file);
    sie::Reader reader(source.get(), "ledger.se");
    for (;;) {
      absl::StatusOr<bool> more = reader.Next(item);
      ASSERT_TRUE(more.ok());
      if (!*more) break;
      each(*item, reader.line());
    }
    ASSERT_TRUE(reader.errors().empty()) << FormatIssue(reader.errors()[0]);
  };
  sie::Item item;
  read(&item, [&](const sie::Item& i, int line) { Add(i, line); });
  SieValidator& v = Validate();
  ASSERT_FALSE(v.issues().has_errors()) << Errors();
  SiePlan plan = v.TakePlan();
  ASSERT_EQ(plan.vouchers, 2);

  Collect from_items;
  SieEventBuilder item_builder(plan, "imp");
  for (const auto& [i, line] : items_) ASSERT_TRUE(item_builder.Add(i, from_items).ok());
  Collect from_views;
  SieEventBuilder view_builder(plan, "imp");
  sie::ItemView view;
  read(&view,
       [&](const sie::ItemView& i, int) { ASSERT_TRUE(view_builder.Add(i, from_views).ok()); });

  ASSERT_EQ(from_views.events.size(), 2u);
  ASSERT_EQ(from_items.events.size(), 2u);
  for (size_t k = 0; k < 2; ++k) {
    EXPECT_EQ(from_views.events[k].DebugString(), from_items.events[k].DebugString());
    EXPECT_EQ(from_views.keys[k], from_items.keys[k]);
  }
  const v1::VoucherPosted& first = from_views.events[0].voucher_posted();
  EXPECT_EQ(first.text(), "Hyra m\xC3\xA5rs");
  ASSERT_EQ(first.transactions_size(), 4);  // the #TRANS copy of the #RTRANS is not counted
  EXPECT_EQ(first.transactions(0).text(), "K\xC3\xB6p av \"tj\xC3\xA4nst\"");
  EXPECT_EQ(first.transactions(0).quantity(), "2.5");
  EXPECT_EQ(first.transactions(0).objects(1).object_id(), "P1");
  EXPECT_EQ(first.transactions(1).kind(), v1::TRANSACTION_KIND_ADDED);
  EXPECT_EQ(first.transactions(2).kind(), v1::TRANSACTION_KIND_REMOVED);
  EXPECT_EQ(first.signature(), "Signatur");
  EXPECT_EQ(first.registered().day(), 16);
  // The second voucher's plain lines take the reader's fast path.
  const v1::VoucherPosted& second = from_views.events[1].voucher_posted();
  EXPECT_EQ(second.series(), "B");
  EXPECT_EQ(second.number(), "");
  ASSERT_EQ(second.transactions_size(), 2);
  EXPECT_EQ(second.transactions(0).amount_ore(), 100);
  EXPECT_EQ(second.transactions(1).objects(0).object_id(), "EKS");
}

TEST_F(SieImportTest, RejectsUnbalancedVoucherNamingItsLine) {
  Header();
  Add(Ver("A", "7", {2021, 3, 15}, 20, {Trans("5010", 12500, 21), Trans("1930", -12000, 22)}), 23);
  Validate();
  EXPECT_TRUE(HasError(20, "#VER", "voucher A 7 does not balance: its transactions sum to 5.00"))
      << Errors();
}

TEST_F(SieImportTest, RemovedTransactionsDoNotCountAndRepeatsAreSkipped) {
  Header();
  sie::Transaction removed = Trans("5010", 999, 21);
  removed.kind = sie::TransactionKind::kBtrans;
  sie::Transaction added = Trans("5010", 100, 22);
  added.kind = sie::TransactionKind::kRtrans;
  sie::Transaction repeat = Trans("5010", 100, 23);
  repeat.repeats_rtrans = true;
  Add(Ver("A", "1", {2021, 1, 2}, 20, {removed, added, repeat, Trans("1930", -100, 24)}), 25);
  SieValidator& v = Validate();
  ASSERT_FALSE(v.issues().has_errors()) << Errors();
  EXPECT_EQ(v.TakePlan().transactions, 3);
}

TEST_F(SieImportTest, RejectsUnknownAccountOncePerAccountWithCount) {
  Header();
  Add(Ver("A", "1", {2021, 1, 2}, 20, {Trans("9999", 100, 21), Trans("1930", -100, 22)}), 23);
  Add(Ver("A", "2", {2021, 1, 2}, 24, {Trans("9999", 100, 25), Trans("1930", -100, 26)}), 27);
  Validate();
  EXPECT_TRUE(HasError(21, "#TRANS kontonr", "account 9999 is neither in the file's chart"))
      << Errors();
  EXPECT_TRUE(HasError(21, "#TRANS kontonr", "used 2 times")) << Errors();
  EXPECT_EQ(validator_->issues().errors().size(), 1u);
}

TEST_F(SieImportTest, FlagDefinesUnknownAccountByUse) {
  settings_.define_unknown_accounts = true;
  Header();
  Add(Ver("A", "1", {2021, 1, 2}, 20, {Trans("9999", 100, 21), Trans("1930", -100, 22)}), 23);
  SieValidator& v = Validate();
  ASSERT_FALSE(v.issues().has_errors()) << Errors();
  ASSERT_EQ(v.issues().warnings().size(), 1u);
  EXPECT_NE(v.issues().warnings()[0].message.find("defined by use"), std::string::npos);
  SiePlan plan = v.TakePlan();
  bool found = false;
  for (const auto& e : plan.definitions) {
    found = found || (e.has_account_defined() && e.account_defined().account() == "9999" &&
                      e.account_defined().defined_by_use());
  }
  EXPECT_TRUE(found);
}

TEST_F(SieImportTest, AccountOfTheOrganisationsChartIsKnown) {
  directory_.view.AddAccount("4010");
  Header();
  Add(Ver("A", "1", {2021, 1, 2}, 20, {Trans("4010", 100, 21), Trans("1930", -100, 22)}), 23);
  EXPECT_FALSE(Validate().issues().has_errors()) << Errors();
}

TEST_F(SieImportTest, RejectsDateOutsideFiscalYearAndClosedPeriod) {
  directory_.view.closed.insert(period::Period{2021, 2}.Index());
  Header();
  Add(Ver("A", "1", {2022, 1, 2}, 20, {Trans("5010", 100, 21), Trans("1930", -100, 22)}), 23);
  Add(Ver("A", "2", {2021, 2, 2}, 24, {Trans("5010", 100, 25), Trans("1930", -100, 26)}), 27);
  Validate();
  EXPECT_TRUE(HasError(20, "#VER verdatum", "outside the fiscal year 2021-01-01..2021-12-31"))
      << Errors();
  EXPECT_TRUE(HasError(24, "#VER verdatum", "period 2021-02 is closed")) << Errors();
}

TEST_F(SieImportTest, RejectsVoucherInAMonthBeforeAClosedOne) {
  // Closing 2021-03 closes January to March of 2021; April stays open, and a closing in
  // another fiscal year closes nothing of this one.
  directory_.view.closed.insert(period::Period{2021, 3}.Index());
  directory_.view.closed.insert(period::Period{2022, 1}.Index());
  Header();
  Add(Ver("A", "8", {2021, 2, 20}, 20, {Trans("5010", 100, 21), Trans("1930", -100, 22)}), 23);
  Add(Ver("A", "9", {2021, 3, 31}, 24, {Trans("5010", 100, 25), Trans("1930", -100, 26)}), 27);
  Add(Ver("A", "10", {2021, 4, 1}, 28, {Trans("5010", 100, 29), Trans("1930", -100, 30)}), 31);
  Validate();
  EXPECT_TRUE(HasError(20, "#VER verdatum",
                       "voucher A 8: period 2021-02 is closed (closing 2021-03 closed its fiscal "
                       "year's months up to 2021-03); nothing may be posted in it"))
      << Errors();
  EXPECT_TRUE(HasError(24, "#VER verdatum", "voucher A 9: period 2021-03 is closed; nothing"))
      << Errors();
  EXPECT_EQ(validator_->issues().errors().size(), 2u) << Errors();
}

TEST_F(SieImportTest, AnEmptyVoucherIsWarnedOfOnceAndWarningsComeInLineOrder) {
  Header();
  Add(Ver("B", "17", {2021, 6, 30}, 20, {}), 22);
  Add(Ver("B", "18", {2021, 6, 30}, 23, {Trans("5010", 100, 24), Trans("1930", -100, 25)}), 26);
  validator_ = std::make_unique<SieValidator>(settings_, &directory_);
  for (const auto& [item, line] : items_) validator_->Add(item, line);
  // The reader's own findings: the same empty voucher, and one on an earlier line.
  validator_->Finish({},
                     {{"ledger.se", 20, "#VER", "the voucher has no transactions"},
                      {"ledger.se", 2, "#GEN", "a reader's warning"}},
                     0);
  std::vector<std::string> warnings;
  for (const Issue& issue : validator_->issues().warnings()) warnings.push_back(FormatIssue(issue));
  ASSERT_EQ(warnings.size(), 2u) << ::testing::PrintToString(warnings);
  EXPECT_EQ(warnings[0], "ledger.se:2: #GEN: a reader's warning");
  EXPECT_EQ(warnings[1], "ledger.se:20: #VER: voucher B 17 has no transactions");
}

TEST_F(SieImportTest, ABadComparisonYearIsAWarningAndABadCurrentYearAnError) {
  Add(sie::Rar{-1, {2013, 7, 1}, {2015, 8, 31}}, 2);  // 26 months, as XE_SIE_4 has it
  Header();
  Add(Ver("A", "1", {2021, 1, 2}, 20, {Trans("5010", 100, 21), Trans("1930", -100, 22)}), 23);
  SieValidator& v = Validate();
  EXPECT_FALSE(v.issues().has_errors()) << Errors();
  ASSERT_EQ(v.issues().warnings().size(), 1u);
  EXPECT_EQ(v.issues().warnings()[0].line, 2);

  items_.clear();
  Add(sie::Rar{0, {2013, 7, 1}, {2015, 8, 31}}, 2);
  Validate();
  EXPECT_TRUE(HasError(2, "#RAR", "26 months")) << Errors();
}

TEST_F(SieImportTest, HonoursNonCalendarFiscalYear) {
  Add(sie::Rar{0, {2009, 7, 1}, {2010, 6, 30}}, 3);
  Add(sie::Konto{"1930", "Bank"}, 4);
  Add(sie::Konto{"5010", "Hyra"}, 5);
  Add(Ver("A", "1", {2010, 3, 1}, 20, {Trans("5010", 100, 21), Trans("1930", -100, 22)}), 23);
  Add(Ver("A", "2", {2009, 6, 30}, 24, {Trans("5010", 100, 25), Trans("1930", -100, 26)}), 27);
  SieValidator& v = Validate();
  EXPECT_TRUE(HasError(24, "#VER verdatum", "2009-07-01..2010-06-30")) << Errors();
  EXPECT_EQ(v.issues().errors().size(), 1u);
}

TEST_F(SieImportTest, SkipsVoucherPostedBeforeAndRejectsRepeatInFile) {
  Header();
  directory_.view.vouchers.insert({2021, "A", "1"});
  Add(Ver("A", "1", {2021, 1, 2}, 20, {Trans("5010", 100, 21), Trans("1930", -100, 22)}), 23);
  Add(Ver("A", "2", {2021, 1, 2}, 24, {Trans("5010", 100, 25), Trans("1930", -100, 26)}), 27);
  SieValidator& v = Validate();
  ASSERT_FALSE(v.issues().has_errors()) << Errors();
  SiePlan plan = v.TakePlan();
  EXPECT_EQ(plan.duplicate_vouchers, 1);
  EXPECT_EQ(plan.vouchers, 1);
  EXPECT_TRUE(plan.skipped_vouchers.Contains(0));

  items_.clear();
  directory_.view.vouchers.clear();
  Header();
  Add(Ver("A", "2", {2021, 1, 2}, 20, {Trans("5010", 100, 21), Trans("1930", -100, 22)}), 23);
  Add(Ver("A", "2", {2021, 1, 2}, 24, {Trans("5010", 100, 25), Trans("1930", -100, 26)}), 27);
  SieValidator& repeated = Validate();
  ASSERT_FALSE(repeated.issues().has_errors()) << Errors();
  ASSERT_EQ(repeated.issues().warnings().size(), 1u);
  EXPECT_EQ(repeated.issues().warnings()[0].line, 24);
  SiePlan with_repeat = repeated.TakePlan();
  EXPECT_EQ(with_repeat.vouchers, 2);
  EXPECT_TRUE(with_repeat.repeated_vouchers.contains(1));

  // Once the first is posted, its repeats in the file are taken for posted too.
  items_.clear();
  directory_.view.vouchers.insert({2021, "A", "2"});
  Header();
  Add(Ver("A", "2", {2021, 1, 2}, 20, {Trans("5010", 100, 21), Trans("1930", -100, 22)}), 23);
  Add(Ver("A", "2", {2021, 1, 2}, 24, {Trans("5010", 100, 25), Trans("1930", -100, 26)}), 27);
  SiePlan again = Validate().TakePlan();
  EXPECT_EQ(again.vouchers, 0);
  EXPECT_EQ(again.duplicate_vouchers, 2);
}

TEST_F(SieImportTest, OrganisationFromOrgnrAndFiscalYearFromTheOrganisation) {
  settings_.organisation = "";
  directory_.orgnrs["212000-2817"] = "0580";
  directory_.view.years.emplace(2021, period::FiscalYear::Calendar(2021));
  Add(sie::Orgnr{"212000-2817"}, 2);
  Add(sie::Konto{"5010", "Hyra"}, 4);
  Add(sie::Konto{"1930", "Bank"}, 5);
  Add(Ver("A", "1", {2021, 1, 2}, 20, {Trans("5010", 100, 21), Trans("1930", -100, 22)}), 23);
  SieValidator& v = Validate();
  ASSERT_FALSE(v.issues().has_errors()) << Errors();
  SiePlan plan = v.TakePlan();
  EXPECT_EQ(plan.organisation, "0580");
  EXPECT_EQ(plan.fiscal_year->label(), 2021);
}

TEST_F(SieImportTest, RejectsFileOfAnotherOrganisation) {
  directory_.orgnrs["212000-0449"] = "0580";
  settings_.organisation = "0581";
  Add(sie::Orgnr{"212000-0449"}, 2);
  Header();
  Add(Ver("A", "1", {2021, 1, 2}, 20, {Trans("5010", 100, 21), Trans("1930", -100, 22)}), 23);
  Validate();
  EXPECT_TRUE(HasError(20, "#ORGNR", "organisation 0580's")) << Errors();
}

TEST_F(SieImportTest, RejectsFileWithoutOrganisation) {
  settings_.organisation = "";
  Add(sie::Konto{"5010", "Hyra"}, 4);
  Add(Ver("A", "1", {2021, 1, 2}, 20, {Trans("5010", 100, 21), Trans("5010", -100, 22)}), 23);
  Validate();
  EXPECT_TRUE(HasError(20, "#ORGNR", "give --org")) << Errors();
}

TEST_F(SieImportTest, WithoutRarEachVoucherGoesToTheYearOfItsDate) {
  // The organisation keeps July-June years; otherwise calendar years.
  directory_.view.years.emplace(2020, *period::FiscalYear::FromDates({2020, 7, 1}, {2021, 6, 30}));
  Add(sie::Konto{"5010", "Hyra"}, 4);
  Add(Ver("A", "1", {2021, 3, 2}, 20, {Trans("5010", 100, 21), Trans("5010", -100, 22)}), 23);
  Add(Ver("A", "2", {2021, 8, 2}, 24, {Trans("5010", 100, 25), Trans("5010", -100, 26)}), 27);
  SieValidator& v = Validate();
  ASSERT_FALSE(v.issues().has_errors()) << Errors();
  SiePlan plan = v.TakePlan();
  EXPECT_EQ(plan.fiscal_year->label(), 2020);
  EXPECT_EQ(plan.YearOf({2021, 3, 2})->label(), 2020);
  EXPECT_EQ(plan.YearOf({2021, 8, 2})->label(), 2021);
  EXPECT_EQ(plan.YearOf({2021, 8, 2})->start(), (period::Date{2021, 1, 1}));

  items_.clear();
  settings_.fiscal_year = 2022;  // --year makes it strict
  Add(sie::Konto{"5010", "Hyra"}, 4);
  Add(Ver("A", "1", {2021, 3, 2}, 20, {Trans("5010", 100, 21), Trans("5010", -100, 22)}), 23);
  Validate();
  EXPECT_TRUE(HasError(20, "#VER verdatum", "outside the fiscal year 2022-01-01..2022-12-31"))
      << Errors();
}

TEST_F(SieImportTest, RejectsRarAfterVoucherAndYearThatDisagrees) {
  Add(sie::Konto{"5010", "Hyra"}, 4);
  settings_.fiscal_year = 2021;
  Add(Ver("A", "1", {2021, 1, 2}, 20, {Trans("5010", 100, 21), Trans("5010", -100, 22)}), 23);
  Add(sie::Rar{0, {2021, 1, 1}, {2021, 12, 31}}, 24);
  Validate();
  EXPECT_TRUE(HasError(24, "#RAR", "comes after the first voucher")) << Errors();

  items_.clear();
  settings_.fiscal_year = 2020;
  Add(sie::Rar{0, {2021, 1, 1}, {2021, 12, 31}}, 3);
  Validate();
  EXPECT_TRUE(HasError(3, "#RAR", "--year 2020")) << Errors();
}

TEST_F(SieImportTest, RejectsUnknownDimensionAndObjectUnlessAllowed) {
  Header();
  Add(Ver("A", "1", {2021, 1, 2}, 20,
          {Trans("5010", 100, 21, {{25, "X"}}), Trans("5010", 100, 22, {{1, "NOPE"}}),
           Trans("1930", -200, 23)}),
      24);
  Validate();
  EXPECT_TRUE(HasError(21, "objects", "dimension 25 is not declared")) << Errors();
  EXPECT_TRUE(HasError(22, "objects", "object NOPE of dimension 1")) << Errors();

  settings_.define_unknown_objects = true;
  items_.clear();
  Header();
  Add(Ver("A", "1", {2021, 1, 2}, 20,
          {Trans("5010", 100, 22, {{1, "NEW"}}), Trans("1930", -100, 23)}),
      24);
  SieValidator& v = Validate();
  ASSERT_FALSE(v.issues().has_errors()) << Errors();
  SiePlan plan = v.TakePlan();
  bool unit = false;
  for (const auto& e : plan.definitions)
    unit = unit || (e.has_unit_defined() && e.unit_defined().unit_id() == "NEW");
  EXPECT_TRUE(unit);
}

// Units (dimension 1) and projects (6) become file names: ids of one grammar
// (tertial/base/ids.h), whether defined by #OBJEKT or by use. Real files' "Å1" and "+00000"
// (sie-samples) and other dimensions' objects are left as they are.
TEST_F(SieImportTest, RejectsUnitAndProjectIdsThatAreNotPlainNames) {
  Header();
  Add(sie::Objekt{1, "../../../x", "Utbrytare"}, 9);
  Add(sie::Objekt{6, "Å1", "Projekt Å"}, 10);
  Add(sie::Objekt{6, "+00000", "Inget projekt"}, 11);
  Add(sie::Dim{25, "Annat"}, 12);
  Add(sie::Objekt{25, "a b/c", "Annat objekt"}, 13);
  settings_.define_unknown_objects = true;
  Add(Ver("A", "1", {2021, 1, 2}, 20,
          {Trans("5010", 100, 21, {{1, "A/B"}, {6, "Å1"}}), Trans("5010", 100, 22, {{6, "."}}),
           Trans("5010", 100, 23, {{1, "A/B"}, {25, "a b/c"}}), Trans("1930", -300, 24)}),
      25);
  Validate();
  EXPECT_TRUE(HasError(9, "#OBJEKT", "unit id '../../../x' (dimension 1): it starts with '.'"))
      << Errors();
  EXPECT_TRUE(HasError(21, "objects", "unit id 'A/B' (dimension 1): '/' at character 2"))
      << Errors();
  EXPECT_TRUE(HasError(22, "objects", "project id '.' (dimension 6)")) << Errors();
  // Said once per object; nothing else is wrong.
  EXPECT_EQ(validator_->issues().errors().size(), 3u) << Errors();
}

TEST_F(SieImportTest, RejectsAmountsTooLarge) {
  Header();
  Add(Ver("A", "1", {2021, 1, 2}, 20,
          {Trans("5010", money::kMaxAbsOre + 1, 21), Trans("1930", -money::kMaxAbsOre - 1, 22)}),
      23);
  Validate();
  EXPECT_TRUE(HasError(21, "#TRANS belopp", "larger than tertial accepts")) << Errors();
}

// Review item 4: 200 vouchers of 999 999 999 999 999,00 kronor each were accepted and
// wrapped the balances. Each amount is within bounds; the account totals are not.
TEST_F(SieImportTest, RejectsAccountTotalsPastTheBoundNamingAccountAndPeriod) {
  Header();
  const int64_t huge = 99'999'999'999'999'900;  // 999 999 999 999 999,00 kronor
  for (int i = 0; i < 200; ++i) {
    const int line = 20 + 3 * i;
    Add(Ver("A", std::to_string(i + 1), {2021, 3, 2}, line,
            {Trans("5010", huge, line + 1), Trans("1930", -huge, line + 2)}),
        line + 2);
  }
  Validate();
  // The first voucher fits; the second takes both accounts past 10^15 kronor.
  EXPECT_TRUE(HasError(24, "#TRANS belopp", "takes the total of account 5010 in period 2021-03"))
      << Errors();
  EXPECT_TRUE(HasError(25, "#TRANS belopp", "takes the total of account 1930 in period 2021-03"))
      << Errors();
  EXPECT_TRUE(HasError(24, "#TRANS belopp", "within ±10^15 kronor")) << Errors();
  // Once per account and period, not 199 times.
  EXPECT_EQ(validator_->issues().errors().size(), 2u) << Errors();
}

TEST_F(SieImportTest, AccountTotalsIncludeWhatTheLedgerHeldBefore) {
  Header();
  directory_.view.vouchers.insert({2021, "B", "1"});
  directory_.view.account_totals[period::Period{2021, 3}.Index()]["5010"] =
      money::kMaxTotalOre - 100;
  Add(Ver("A", "1", {2021, 2, 2}, 20, {Trans("5010", 500, 21), Trans("1930", -500, 22)}), 22);
  Add(Ver("A", "2", {2021, 3, 2}, 23, {Trans("5010", 100, 24), Trans("1930", -100, 25)}), 25);
  Add(Ver("A", "3", {2021, 3, 3}, 26, {Trans("5010", 1, 27), Trans("1930", -1, 28)}), 28);
  Validate();
  EXPECT_TRUE(HasError(27, "#TRANS belopp", "account 5010 in period 2021-03")) << Errors();
  EXPECT_TRUE(HasError(27, "#TRANS belopp", "to 1000000000000000.01")) << Errors();
  EXPECT_EQ(validator_->issues().errors().size(), 1u) << Errors();
}

TEST_F(SieImportTest, BudgetRowsSplitTheAccountTotalOverUnits) {
  Header();
  auto budget = [](int month, std::vector<sie::ObjectRef> objects, int64_t ore) {
    sie::PeriodBalance b;
    b.kind = sie::PeriodBalanceKind::kPbudget;
    b.period = {2021, month};
    b.account = "5010";
    b.objects = std::move(objects);
    b.amount_ore = ore;
    return b;
  };
  Add(budget(1, {}, 1000), 30);
  Add(budget(1, {{1, "EKS"}}, 600), 31);
  Add(budget(2, {{1, "EKS"}}, 700), 32);
  SieValidator& v = Validate();
  ASSERT_FALSE(v.issues().has_errors()) << Errors();
  SiePlan plan = v.TakePlan();
  ASSERT_EQ(plan.budget_lines.size(), 3u);
  int64_t organisation_part = 0, eks = 0;
  for (const auto& line : plan.budget_lines) {
    (line.unit_id().empty() ? organisation_part : eks) += line.amount_ore();
  }
  EXPECT_EQ(organisation_part, 400);
  EXPECT_EQ(eks, 1300);
}

TEST_F(SieImportTest, RejectsBudgetOutsideTheFiscalYear) {
  Header();
  sie::PeriodBalance b;
  b.kind = sie::PeriodBalanceKind::kPbudget;
  b.period = {2022, 1};
  b.account = "5010";
  b.amount_ore = 100;
  Add(b, 30);
  Validate();
  EXPECT_TRUE(HasError(30, "#PBUDGET period", "period 2022-01 is outside the fiscal year"))
      << Errors();
}

TEST_F(SieImportTest, PsaldoBecomesMonthlyVouchersOnlyWithoutVer) {
  Header();
  auto saldo = [](int month, std::string account, int64_t ore) {
    sie::PeriodBalance b;
    b.kind = sie::PeriodBalanceKind::kPsaldo;
    b.period = {2021, month};
    b.account = std::move(account);
    b.amount_ore = ore;
    return b;
  };
  Add(saldo(1, "5010", 500), 30);
  Add(saldo(1, "1930", -500), 31);
  Add(saldo(3, "5010", 200), 32);
  SieValidator& v = Validate();
  ASSERT_FALSE(v.issues().has_errors()) << Errors();
  SiePlan plan = v.TakePlan();
  ASSERT_EQ(plan.balance_vouchers.size(), 2u);
  EXPECT_EQ(plan.balance_vouchers[0].series(), "PSALDO");
  EXPECT_EQ(plan.balance_vouchers[0].number(), "202101");
  EXPECT_EQ(plan.balance_vouchers[0].date().day(), 31);
  EXPECT_EQ(plan.balance_vouchers[1].transactions_size(), 1);

  Add(Ver("A", "1", {2021, 1, 2}, 40, {Trans("5010", 100, 41), Trans("1930", -100, 42)}), 43);
  SieValidator& with_vouchers = Validate();
  EXPECT_TRUE(with_vouchers.TakePlan().balance_vouchers.empty());
}

TEST_F(SieImportTest, ReportsEveryErrorUpToTheCap) {
  settings_.max_errors = 5;
  Header();
  for (int i = 0; i < 12; ++i) {
    Add(Ver("A", std::to_string(i), {2021, 1, 2}, 100 + i * 3,
            {Trans("5010", 100, 101 + i * 3), Trans("1930", -99, 102 + i * 3)}),
        103 + i * 3);
  }
  Validate();
  EXPECT_EQ(validator_->issues().errors().size(), 5u);
  EXPECT_EQ(validator_->issues().errors_not_listed(), 7);
}

}  // namespace
}  // namespace tertial::ledger
