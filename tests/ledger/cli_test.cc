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

}  // namespace
}  // namespace tertial::ledger::testing
