// A peer check of the generated SIE ledgers with hledger, which cannot read SIE but shares
// no code with tertial: the vouchers (read back with a plain line scan) become an hledger
// journal whose account names carry the unit tree of units.csv, and hledger's own
// balances — per unit, rolled up through the tree, per period — must be the published
// figures. hledger also refuses any transaction that does not balance.

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "figures.h"
#include "file_scan.h"
#include "tertial/base/strings.h"
#include "tertial/chart/account_class.h"
#include "tertial/money/money.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::demo {
namespace {

constexpr int64_t kTkr = kOrePerTkr;

// Runs `command` and returns its standard output; fails the test on a non-zero exit.
std::string RunCommand(const std::string& command) {
  std::string out;
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "cannot run " << command;
    return out;
  }
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0;) out.append(buffer, n);
  int status = ::pclose(pipe);
  EXPECT_EQ(status, 0) << command << "\n" << out;
  return out;
}

class HledgerPeerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir;
    RunCommand(StrCat(TERTIAL_DEMO_DATA_BIN, " --out ", dir_->path(), " >/dev/null"));
    auto read = [](const char* name) {
      absl::StatusOr<std::string> bytes = scan::ReadFile(dir_->Sub(name));
      EXPECT_TRUE(bytes.ok()) << bytes.status();
      return bytes.ok() ? *bytes : std::string();
    };
    absl::StatusOr<std::vector<scan::CsvRow>> units = scan::ParseCsv(read("units.csv"));
    ASSERT_TRUE(units.ok()) << units.status();
    std::map<std::string, std::string> parent;
    for (const scan::CsvRow& row : *units) parent[row.at("unit_id")] = row.at("parent_id");
    paths_ = new std::map<std::string, std::string>;
    for (const auto& [unit, up] : parent) {
      std::string path = unit;
      for (std::string p = up; !p.empty(); p = parent[p]) path = StrCat(p, ":", path);
      (*paths_)[unit] = path;
    }
    for (auto [year, name] :
         {std::pair(2020, "ledger-2020.se"), std::pair(2021, "ledger-2021.se")}) {
      absl::StatusOr<scan::Ledger> ledger = scan::ScanSie(read(name));
      ASSERT_TRUE(ledger.ok()) << ledger.status();
      WriteJournal(*ledger, dir_->Sub(StrCat(year, ".journal")));
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete paths_;
  }

  // One hledger transaction per voucher. Operating lines go to kostnader:<unit path> or
  // intakter:<unit path>, investment lines to investering:<project>, the rest to balans.
  static void WriteJournal(const scan::Ledger& ledger, const std::string& path) {
    std::ofstream out(path);
    for (const scan::Voucher& v : ledger.vouchers) {
      out << period::FormatDate(v.date) << " " << v.series << v.number << "\n";
      for (const scan::Transaction& t : v.transactions) {
        std::string account;
        switch (chart::Classify(t.account)) {
          case chart::AccountKind::kCost:
            account = StrCat("kostnader:", Path(t.unit), ":", t.account);
            break;
          case chart::AccountKind::kRevenue:
            account = StrCat("intakter:", Path(t.unit), ":", t.account);
            break;
          case chart::AccountKind::kInvestment:
            account = t.project.empty() ? StrCat("balans:", t.account)
                                        : StrCat("investering:", t.project, ":", t.account);
            break;
          default:
            account = StrCat("balans:", t.account);
        }
        out << "    " << account << "    " << money::FormatKronor(t.amount_ore) << "\n";
      }
      out << "\n";
    }
  }

  static std::string Path(const std::string& unit) {
    auto it = paths_->find(unit);
    return it == paths_->end() ? StrCat("OKAND-", unit.empty() ? "TOM" : unit) : it->second;
  }

  // hledger's balances (tree mode: every node with everything below it), in öre.
  static std::map<std::string, int64_t> Balances(int year, const std::string& period_args = "") {
    std::string csv =
        RunCommand(StrCat(TERTIAL_HLEDGER, " -f ", dir_->Sub(StrCat(year, ".journal")),
                          " balance --tree --no-elide -O csv ", period_args));
    std::map<std::string, int64_t> balances;
    for (absl::string_view line : absl::StrSplit(csv, '\n', absl::SkipEmpty())) {
      std::vector<std::string> cells = absl::StrSplit(line, ',');
      if (cells.size() != 2) continue;
      std::string account(absl::StripPrefix(absl::StripSuffix(cells[0], "\""), "\""));
      std::string amount(absl::StripPrefix(absl::StripSuffix(cells[1], "\""), "\""));
      if (account == "account") continue;
      absl::StatusOr<int64_t> ore = money::ParseKronor(amount);
      EXPECT_TRUE(ore.ok()) << line;
      balances[account] = ore.ok() ? *ore : 0;
    }
    return balances;
  }

  static int64_t Net(std::map<std::string, int64_t>& b, const std::string& unit) {
    return b[StrCat("kostnader:", Path(unit))] + b[StrCat("intakter:", Path(unit))];
  }

  static testing::TempDir* dir_;
  static std::map<std::string, std::string>* paths_;  // unit -> "KS:KLF:KLS"
};

testing::TempDir* HledgerPeerTest::dir_ = nullptr;
std::map<std::string, std::string>* HledgerPeerTest::paths_ = nullptr;

TEST_F(HledgerPeerTest, OperatingStatementPerUnitAndRollUp) {
  auto jan_aug_2021 = Balances(2021, "-e 2021-09-01");
  auto jan_aug_2020 = Balances(2020, "-e 2020-09-01");
  auto year_2020 = Balances(2020);
  for (const UnitFigures& u : Units()) {
    if (!u.has_ledger) continue;
    const std::string id(u.id);
    EXPECT_EQ(Net(jan_aug_2021, id), u.actual_2021_8 * kTkr) << id;
    EXPECT_EQ(Net(jan_aug_2020, id), u.actual_2020_8 * kTkr) << id;
    EXPECT_EQ(Net(year_2020, id), u.actual_2020 * kTkr) << id;
  }
  // hledger rolls Kommunledningsförvaltningen up through the tree itself.
  EXPECT_EQ(Net(jan_aug_2021, "KLF"), Totals().klf_actual_2021_8 * kTkr);
  EXPECT_EQ(Net(jan_aug_2020, "KLF"), Totals().klf_actual_2020_8 * kTkr);
  EXPECT_EQ(Net(year_2020, "KLF"), Totals().klf_actual_2020 * kTkr);
  for (auto [unit, split] : {std::pair("KLF", &KlfSplit()), std::pair("VSS", &VssSplit()),
                             std::pair("LL", &LeanlinkSplit())}) {
    EXPECT_EQ(year_2020[StrCat("kostnader:", Path(unit))], split->actual_2020_costs * kTkr) << unit;
    EXPECT_EQ(year_2020[StrCat("intakter:", Path(unit))], split->actual_2020_revenues * kTkr)
        << unit;
  }
  // Nothing operating is posted on a unit outside the tree (or on no unit).
  for (auto* balances : {&jan_aug_2021, &year_2020}) {
    for (const auto& [account, amount] : *balances) {
      EXPECT_EQ(account.find("OKAND"), std::string::npos) << account;
    }
  }
}

TEST_F(HledgerPeerTest, InvestmentSpendingPerProject) {
  auto jan_aug_2021 = Balances(2021);
  for (const ProjectFigures& p : Projects()) {
    EXPECT_EQ(jan_aug_2021[StrCat("investering:", p.id)], p.spending_2021_8 * kTkr) << p.id;
  }
  EXPECT_EQ(jan_aug_2021["investering"], Totals().investment_spending_2021_8 * kTkr);
}

// Both years together (2021 continues 2020's journal): every voucher balances, so the
// whole ledger sums to zero, and 2020's December invoices are paid in January 2021.
TEST_F(HledgerPeerTest, BothYearsTogetherSumToZero) {
  std::string both = dir_->Sub("both.journal");
  {
    std::ofstream out(both);
    out << "include " << dir_->Sub("2020.journal") << "\ninclude " << dir_->Sub("2021.journal")
        << "\n";
  }
  std::string csv = RunCommand(StrCat(TERTIAL_HLEDGER, " -f ", both, " balance -O csv --depth 1"));
  EXPECT_NE(csv.find("\"total\",\"0\""), std::string::npos) << csv;
  std::string payables = RunCommand(StrCat(
      TERTIAL_HLEDGER, " -f ", both, " balance -O csv balans:2440 -b 2021-01-01 -e 2021-02-01"));
  EXPECT_NE(payables.find("\"balans:2440\""), std::string::npos) << payables;
}

}  // namespace
}  // namespace tertial::demo
