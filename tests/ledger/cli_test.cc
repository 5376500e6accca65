// The CLI as a user runs it: `tertial import`, `tertial balances`, `tertial close-period`
// in-process on a data directory; output formats and exit codes.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <string>

#include "ledger_fixture.h"

namespace tertial::ledger::testing {
namespace {

class CliTest : public ::testing::Test {
 protected:
  struct Run {
    int code = -1;
    std::string out, err;
  };
  Run Tertial(const std::string& args) {
    const std::string out = dir_.Sub("out"), err = dir_.Sub("err");
    std::string command = std::string(TERTIAL_CLI) + " " + args + " --data-dir " +
                          dir_.Sub("data") + " > " + out + " 2> " + err;
    int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadFile(out), ReadFile(err)};
  }
  static std::string Testdata(const std::string& name) {
    return tertial::testing::SourceDir() + "/tests/ledger/testdata/" + name;
  }
  tertial::testing::TempDir dir_;
};

TEST_F(CliTest, ImportsQueriesAndClosesAPeriod) {
  Run imported =
      Tertial("import --org 0580 " + Testdata("units.csv") + " " + Testdata("projects.csv") + " " +
              Testdata("kommun.se") + " " + Testdata("budget.csv") + " --format csv");
  ASSERT_EQ(imported.code, 0) << imported.err;
  EXPECT_NE(imported.out.find("kommun.se,imported,sie,2021,3,"), std::string::npos) << imported.out;
  // Not a terminal: plain progress lines, no bar.
  EXPECT_NE(imported.err.find("kommun.se: validate"), std::string::npos) << imported.err;
  EXPECT_EQ(imported.err.find("\r"), std::string::npos);

  Run csv =
      Tertial("balances --org 0580 --period 2021-01..2021-08 --by unit,account_class --format csv");
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_EQ(csv.out.substr(0, csv.out.find('\n')), "unit,account_class,actual_ore,budget_ore");
  EXPECT_NE(csv.out.find("\nEKS,5,12000000,30000000\n"), std::string::npos) << csv.out;

  Run json = Tertial("balances --org 0580 --by account_class,month --format json");
  ASSERT_EQ(json.code, 0) << json.err;
  EXPECT_NE(
      json.out.find("{\"account_class\": \"5\", \"month\": \"2021-01\", \"actual_ore\": 21500050, "
                    "\"budget_ore\": 34000000}"),
      std::string::npos)
      << json.out;

  Run table = Tertial("balances --org 0580 --by unit");
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_NE(table.out.find("Utfall (tkr)"), std::string::npos) << table.out;

  Run again = Tertial("import --org 0580 " + Testdata("kommun.se") + " --format csv");
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.out.find("already imported"), std::string::npos) << again.out;

  Run closed = Tertial("close-period --org 0580 --period 2021-08");
  ASSERT_EQ(closed.code, 0) << closed.err;
  EXPECT_NE(closed.out.find("closed"), std::string::npos);
  Run twice = Tertial("close-period --org 0580 2021-08 --format csv");
  ASSERT_EQ(twice.code, 0) << twice.err;
  EXPECT_NE(twice.out.find("0580,2021-08,already closed"), std::string::npos) << twice.out;

  Run units = Tertial("units --org 0580 --format csv");
  ASSERT_EQ(units.code, 0) << units.err;
  EXPECT_NE(units.out.find("EKS,Ekonomistaben,KLF,stab,920"), std::string::npos) << units.out;
}

TEST_F(CliTest, RetractTakesAnImportBackAndAClosedMonthNeedsReopeningFirst) {
  ASSERT_EQ(Tertial("import --org 0580 " + Testdata("units.csv") + " " + Testdata("projects.csv") +
                    " " + Testdata("kommun.se") + " " + Testdata("budget.csv"))
                .code,
            0);
  const std::string extra = dir_.Sub("extra.se");
  WriteFile(extra,
            "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#RAR 0 20210101 20211231\n"
            "#KONTO 1930 \"Bank\"\n#KONTO 5010 \"Loner\"\n"
            "#VER X 1 20210810 \"Fel fil\"\n{\n#TRANS 5010 {1 \"EKS\"} 1234.00\n"
            "#TRANS 1930 {} -1234.00\n}\n");
  const std::string balances =
      "balances --org 0580 --by unit,account,month --all-accounts --format csv";
  const Run without = Tertial(balances);
  ASSERT_EQ(without.code, 0) << without.err;
  ASSERT_EQ(Tertial("import --org 0580 " + extra).code, 0);
  const Run with = Tertial(balances);
  ASSERT_NE(with.out, without.out);
  Run imports = Tertial("imports --org 0580 --format csv");
  ASSERT_EQ(imports.code, 0) << imports.err;
  const size_t row = imports.out.rfind('\n', imports.out.find(",extra.se,"));
  ASSERT_NE(row, std::string::npos) << imports.out;
  const std::string id = imports.out.substr(row + 1, imports.out.find(',', row) - row - 1);

  EXPECT_NE(Tertial("import retract --org 0580 " + id).code, 0) << "a reason is required";
  ASSERT_EQ(Tertial("close-period --org 0580 --period 2021-08").code, 0);
  Run refused = Tertial("import retract --org 0580 " + id + " --reason \"fel fil\"");
  EXPECT_NE(refused.code, 0);
  EXPECT_NE(refused.err.find("reopen-period"), std::string::npos) << refused.err;
  Run reopened =
      Tertial("reopen-period --org 0580 2021-08 --reason \"fel fil importerad\" --format csv");
  ASSERT_EQ(reopened.code, 0) << reopened.err;
  EXPECT_NE(reopened.out.find("0580,2021-08,2021-08,2021-07,fel fil importerad"), std::string::npos)
      << reopened.out;
  Run retracted = Tertial("import retract --org 0580 " + id + " --reason \"fel fil\" --format csv");
  ASSERT_EQ(retracted.code, 0) << retracted.err;
  EXPECT_NE(retracted.out.find(id + ",extra.se,1,2,2021-08,"), std::string::npos) << retracted.out;
  EXPECT_NE(retracted.out.find(",fel fil,retracted"), std::string::npos) << retracted.out;
  EXPECT_EQ(Tertial(balances).out, without.out);
  Run twice = Tertial("import retract --org 0580 " + id + " --reason igen --format csv");
  ASSERT_EQ(twice.code, 0) << twice.err;
  EXPECT_NE(twice.out.find(",fel fil,already retracted"), std::string::npos) << twice.out;

  ASSERT_EQ(Tertial("import --org 0580 " + extra).code, 0);
  EXPECT_EQ(Tertial(balances).out, with.out) << "imported again, it counts again";
}

TEST_F(CliTest, ErrorsExitNonZeroAndNameTheLine) {
  const std::string bad = dir_.Sub("bad.se");
  WriteFile(bad,
            "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20210101 20211231\n#KONTO 1930 \"Bank\"\n"
            "#KONTO 5010 \"Lon\"\n#VER A 1 20210105 \"\"\n{\n#TRANS 5010 {} 100.00\n"
            "#TRANS 1930 {} -99.00\n}\n");
  Run rejected = Tertial("import --org 0580 " + bad);
  EXPECT_EQ(rejected.code, 1);
  EXPECT_NE(rejected.err.find("bad.se:6: error: #VER: voucher A 1 does not balance"),
            std::string::npos)
      << rejected.err;
  Run by = Tertial("balances --org 0580 --by colour");
  EXPECT_EQ(by.code, 2);
  EXPECT_NE(by.err.find("--by colour"), std::string::npos);
  Run missing = Tertial("import --org 0580 " + dir_.Sub("nope.se"));
  EXPECT_NE(missing.code, 0);
  Run no_org = Tertial("balances --by unit");
  EXPECT_NE(no_org.code, 0);
}

TEST_F(CliTest, AnUnknownOrganisationIsNotFoundAndTheKnownOnesAreNamed) {
  ASSERT_EQ(Tertial("import --org 0580 " + Testdata("units.csv")).code, 0);
  Run typo = Tertial("balances --org 0581 --by unit");
  EXPECT_EQ(typo.code, 1);
  EXPECT_NE(typo.err.find("organisation 0581 is unknown; known: 0580"), std::string::npos)
      << typo.err;
  EXPECT_EQ(typo.out, "");
  Run units = Tertial("units --org 0581");
  EXPECT_EQ(units.code, 1);
  EXPECT_NE(units.err.find("organisation 0581 is unknown"), std::string::npos) << units.err;
  Run close = Tertial("close-period --org 0581 --period 2021-03");
  EXPECT_EQ(close.code, 1);
  EXPECT_NE(close.err.find("organisation 0581 is unknown"), std::string::npos) << close.err;
}

TEST_F(CliTest, BalancesByUnitSumTheOperatingAccountsAndSaySo) {
  ASSERT_EQ(Tertial("import --org 0580 " + Testdata("units.csv") + " " + Testdata("projects.csv") +
                    " " + Testdata("kommun.se") + " " + Testdata("budget.csv"))
                .code,
            0);
  Run by_unit = Tertial("balances --org 0580 --by unit --format csv");
  ASSERT_EQ(by_unit.code, 0) << by_unit.err;
  EXPECT_NE(by_unit.err.find("operating accounts (classes 3-7"), std::string::npos) << by_unit.err;
  Run operating = Tertial("balances --org 0580 --by unit --accounts 3,4,5,6,7 --format csv");
  ASSERT_EQ(operating.code, 0) << operating.err;
  EXPECT_EQ(by_unit.out, operating.out);
  EXPECT_EQ(operating.err.find("operating accounts"), std::string::npos) << operating.err;
  Run all = Tertial("balances --org 0580 --by unit --all-accounts --format csv");
  ASSERT_EQ(all.code, 0) << all.err;
  EXPECT_NE(all.out, by_unit.out) << "kommun.se has balance-sheet and investment lines";
  Run classes = Tertial("balances --org 0580 --by unit,account_class --format csv");
  EXPECT_EQ(classes.err.find("operating accounts"), std::string::npos) << classes.err;
  Run both = Tertial("balances --org 0580 --by unit --all-accounts --accounts 5");
  EXPECT_EQ(both.code, 2);
}

TEST_F(CliTest, ImportNamesTheRealCause) {
  ASSERT_EQ(Tertial("import --org 0580 " + Testdata("units.csv")).code, 0);
  // A directory, a missing file: the OS's reason.
  Run directory = Tertial("import --org 0580 " + dir_.path());
  EXPECT_NE(directory.code, 0);
  EXPECT_NE(directory.err.find(dir_.path() + ": is a directory"), std::string::npos)
      << directory.err;
  Run missing = Tertial("import --org 0580 " + dir_.Sub("nope.se"));
  EXPECT_NE(missing.code, 0);
  EXPECT_NE(missing.err.find("nope.se: cannot read the file: No such file or directory"),
            std::string::npos)
      << missing.err;
  // A budget header with a typo, without --input-format: the closest format's columns.
  const std::string typo = dir_.Sub("typo.csv");
  WriteFile(typo, "unit_id,acount,period,amount_ore\nEKS,5,2021-01,100\n");
  Run rejected = Tertial("import --org 0580 " + typo);
  EXPECT_EQ(rejected.code, 1);
  EXPECT_NE(rejected.err.find("typo.csv:1: warning: format: the header is no format's; it is "
                              "closest to budget's"),
            std::string::npos)
      << rejected.err;
  // libs/csv's wording: the character column and the columns the format takes.
  EXPECT_NE(rejected.err.find("typo.csv:1: error: acount: column 9: unknown column; the columns "
                              "are unit_id, account, period, amount_ore or amount, project_id "
                              "(optional)"),
            std::string::npos)
      << rejected.err;
  EXPECT_NE(rejected.err.find("typo.csv:1: error: account: missing column; the columns are"),
            std::string::npos)
      << rejected.err;
  // Not a CSV of ours at all: no guess.
  const std::string other = dir_.Sub("other.csv");
  WriteFile(other, "datum,belopp\n2021-01-01,100\n");
  Run unknown = Tertial("import --org 0580 " + other);
  EXPECT_EQ(unknown.code, 1);
  EXPECT_NE(unknown.err.find("cannot tell the format"), std::string::npos) << unknown.err;
}

TEST_F(CliTest, InputFormatIsItsOwnFlagAndFormatStaysADeprecatedAlias) {
  Run given =
      Tertial("import --org 0580 --input-format units " + Testdata("units.csv") + " --format csv");
  ASSERT_EQ(given.code, 0) << given.err;
  EXPECT_NE(given.out.find("units.csv,imported,units,"), std::string::npos) << given.out;
  Run alias = Tertial("import --org 0580 --format projects " + Testdata("projects.csv"));
  ASSERT_EQ(alias.code, 0) << alias.err;
  EXPECT_NE(alias.err.find("--format projects names the input and is deprecated; use "
                           "--input-format projects"),
            std::string::npos)
      << alias.err;
  Run clash =
      Tertial("import --org 0580 --format units --input-format budget " + Testdata("budget.csv"));
  EXPECT_EQ(clash.code, 2);
}

// A script's read your writes: the import prints its position (--print-position), and a
// query given it (--after, or $TERTIAL_AFTER) sees the import; `snapshot` waits for nothing;
// anything else is refused before a service is asked.
TEST_F(CliTest, AQueryAfterACommandsPrintedPositionSeesIt) {
  Run imported = Tertial("import --print-position --org 0580 " + Testdata("units.csv") + " " +
                         Testdata("projects.csv") + " " + Testdata("kommun.se"));
  ASSERT_EQ(imported.code, 0) << imported.err;
  const std::string prefix = "tertial: position: ";
  size_t at = imported.err.rfind(prefix);
  ASSERT_NE(at, std::string::npos) << imported.err;
  std::string token = imported.err.substr(at + prefix.size());
  token = token.substr(0, token.find('\n'));
  EXPECT_EQ(token.rfind("tertial.ledger.v1/0:", 0), 0u) << token;

  Run after = Tertial("balances --print-position --after " + token +
                      " --org 0580 --by unit,account_class --format csv");
  ASSERT_EQ(after.code, 0) << after.err;
  EXPECT_NE(after.out.find("\nEKS,5,12000000,"), std::string::npos) << after.out;
  EXPECT_EQ(after.err.find("out of date"), std::string::npos) << after.err;

  Run snapshot =
      Tertial("balances --after snapshot --org 0580 --by unit,account_class --format csv");
  ASSERT_EQ(snapshot.code, 0) << snapshot.err;
  EXPECT_NE(snapshot.out.find("\nEKS,5,12000000,"), std::string::npos) << snapshot.out;

  // Queries print no position; without --print-position nothing is printed.
  EXPECT_EQ(after.err.find(prefix), std::string::npos);
  Run quiet = Tertial("import --org 0580 " + Testdata("kommun.se"));
  EXPECT_EQ(quiet.err.find(prefix), std::string::npos) << quiet.err;

  Run bad = Tertial("balances --after tertial.ledger.v1/0@17 --org 0580 --by unit");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--after (or $TERTIAL_AFTER): x-tertial-after: expected latest, snapshot"),
            std::string::npos)
      << bad.err;
}

}  // namespace
}  // namespace tertial::ledger::testing
