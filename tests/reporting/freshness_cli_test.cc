// The report follows the ledger after closing, end to end through the CLI (in-process
// services on a data directory, as a controller runs them): a voucher booked late (in the
// open month after the closed ones) and a budget changed after the period was closed make the
// forecast service republish, and the report made next shows the new figures, in its
// operating statement and its forecast alike, says which forecast it shows, and has no
// finding about it; a report for a month whose forecast is not published yet has one.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "tertial/base/strings.h"
#include "tertial/json/json.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::reporting {
namespace {

const std::string kCli = std::string(TERTIAL_BINARY_DIR) + "/apps/tertial";

// The test's ledger: öre per month, jan–aug 2021, and the budget per month, all year.
constexpr int64_t kKlsMonthly = 100'000'000;  // 1 000 000 kr
constexpr int64_t kEksMonthly = 50'000'000;   //   500 000 kr
constexpr int64_t kKlsBudgetMonthly = 110'000'000;
constexpr int64_t kEksBudgetMonthly = 45'000'000;
constexpr int64_t kLateInvoice = 500'000'000;    // 5 000 000 kr on KLS, July
constexpr int64_t kOctoberBudget = 200'000'000;  // KLS's October budget, changed

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void Write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// "1000000.00" for 100 000 000 öre.
std::string Kronor(int64_t ore) {
  return StrCat(ore / 100, ".", ore % 100 < 10 ? "0" : "", ore % 100);
}

std::string SieHeader() {
  return "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#PROGRAM \"tertial test\" \"1\"\n#GEN 20210905\n"
         "#FNAMN \"Testkommun\"\n#ORGNR 212000-2817\n#RAR 0 20210101 20211231\n"
         "#KONTO 1930 \"Bank\"\n#KONTO 5010 \"Loner\"\n#KTYP 1930 T\n#KTYP 5010 K\n#DIM 1 "
         "\"Ansvar\"\n"
         "#OBJEKT 1 \"KLS\" \"Kommunledningsstaben\"\n#OBJEKT 1 \"EKS\" \"Ekonomistaben\"\n";
}

std::string Voucher(std::string_view series, int number, std::string_view date,
                    std::string_view unit, int64_t ore) {
  return StrCat("#VER \"", series, "\" ", number, " ", date,
                " \"Kostnad\"\n{\n   #TRANS 5010 {1 \"", unit, "\"} ", Kronor(ore),
                "\n   #TRANS 1930 {} -", Kronor(ore), "\n}\n");
}

class FreshnessCliTest : public ::testing::Test {
 protected:
  struct Run {
    int code = -1;
    std::string out, err;
  };

  Run Tertial(const std::string& args) {
    const std::string out = dir_.Sub("stdout"), err = dir_.Sub("stderr");
    std::string command =
        StrCat(kCli, " ", args, " --data-dir ", dir_.Sub("data"), " > ", out, " 2> ", err);
    int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, Slurp(out), Slurp(err)};
  }

  void SetUp() override {
    Write(dir_.Sub("units.csv"),
          "unit_id;name;parent_id;kind;scb_activity_code\nKS;Kommunstyrelsen;;nämnd;\n"
          "KLF;Kommunledningsförvaltningen;KS;förvaltning;\nKLS;Kommunledningsstaben;KLF;stab;920\n"
          "EKS;Ekonomistaben;KLF;stab;920\n");
    std::string sie = SieHeader();
    int number = 0;
    for (int month = 1; month <= 8; ++month) {
      std::string date = StrCat("20210", month, "25");
      sie += Voucher("A", ++number, date, "KLS", kKlsMonthly);
      sie += Voucher("A", ++number, date, "EKS", kEksMonthly);
    }
    Write(dir_.Sub("ledger-2021.se"), sie);
    std::string budget = "unit_id,account,project_id,period,amount_ore\n";
    for (int month = 1; month <= 12; ++month) {
      std::string period = StrCat("2021-", month < 10 ? "0" : "", month);
      StrAppend(&budget, "KLS,5,,", period, ",", kKlsBudgetMonthly, "\nEKS,5,,", period, ",",
                kEksBudgetMonthly, "\n");
    }
    Write(dir_.Sub("budget-2021.csv"), budget);
    for (const std::string& args :
         {StrCat("import --org 0580 ", dir_.Sub("units.csv"), " ", dir_.Sub("ledger-2021.se"), " ",
                 dir_.Sub("budget-2021.csv")),
          std::string("close-period --org 0580 --period 2021-08"),
          std::string("forecast method --org 0580 --year 2021 budget_remaining")}) {
      Run r = Tertial(args);
      ASSERT_EQ(r.code, 0) << args << "\n" << r.err << r.out;
    }
  }

  // The report for `period` as JSON.
  json::Value Report(const std::string& name, const std::string& period = "2021-08") {
    Run r = Tertial(StrCat("report --org 0580 --board KS --period ", period, " --format json -o ",
                           dir_.Sub(name)));
    EXPECT_EQ(r.code, 0) << r.err;
    auto parsed = json::Parse(
        Slurp(dir_.Sub(StrCat(name, "/delarsrapport-0580-KS-", period, ".json"))), name);
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    return parsed.ok() ? *parsed : json::Value{};
  }

  // A money cell of the report, in öre; -1 if missing.
  static int64_t Ore(const json::Value& report, std::string_view table, std::string_view row,
                     std::string_view column) {
    const json::Value* sections = report.Find("sections");
    if (sections == nullptr) return -1;
    for (const json::Value& s : sections->items) {
      for (const json::Value& t : s.Find("tables")->items) {
        if (t.Find("id")->text != table) continue;
        for (const json::Value& r : t.Find("rows")->items) {
          if (r.Find("id")->text != row) continue;
          const json::Value* cell = r.Find("cells")->Find(StrCat(column, "_ore"));
          return cell == nullptr ? -1 : std::stoll(cell->text);
        }
      }
    }
    return -1;
  }

  // What the report says of its forecast, and that nothing about it is found wrong.
  static void ExpectCurrentForecast(const json::Value& report, std::string_view trigger,
                                    std::string_view as_of = "2021-08") {
    const json::Value* source = report.Find("forecast_source");
    ASSERT_NE(source, nullptr);
    EXPECT_TRUE(source->Find("published")->boolean);
    EXPECT_EQ(source->Find("as_of")->text, as_of);
    EXPECT_EQ(source->Find("trigger")->text, trigger);
    EXPECT_TRUE(source->Find("ledger_known")->boolean);
    EXPECT_FALSE(source->Find("older_than_ledger")->boolean);
    EXPECT_EQ(source->Find("ledger_event_id")->text, source->Find("report_ledger_event_id")->text);
    for (const json::Value& f : report.Find("findings")->items) {
      EXPECT_NE(f.Find("rule")->text, "forecast_source") << f.Find("message")->text;
      EXPECT_NE(f.Find("rule")->text, "cross_table") << f.Find("message")->text;
    }
  }

  tertial::testing::TempDir dir_;
};

// Closing August closes January–August (docs/events.md): a voucher that comes late goes to
// the open September. The forecast per August is republished for it and stays right for
// August's report; September's report shows August's forecast as an error until September
// is closed, then September's forecast, which has the invoice.
TEST_F(FreshnessCliTest, ALateVoucherAfterClosingIsInTheRepublishedForecastAndTheReportAgrees) {
  json::Value before = Report("before");
  ExpectCurrentForecast(before, "method_chosen");
  const int64_t actual = 8 * kKlsMonthly;
  EXPECT_EQ(Ore(before, "operating", "unit:KLS", "actual"), actual);
  // budget_remaining: the actual jan–aug and the budget sep–dec.
  EXPECT_EQ(Ore(before, "forecast", "unit:KLS", "forecast"), actual + 4 * kKlsBudgetMonthly);

  Write(dir_.Sub("july.se"), SieHeader() + Voucher("B", 1, "20210720", "KLS", kLateInvoice));
  Run refused = Tertial(StrCat("import --org 0580 ", dir_.Sub("july.se")));
  EXPECT_NE(refused.code, 0) << "July is closed with August:\n" << refused.out;
  Write(dir_.Sub("late.se"), SieHeader() + Voucher("B", 1, "20210920", "KLS", kLateInvoice));
  Run imported = Tertial(StrCat("import --org 0580 ", dir_.Sub("late.se")));
  ASSERT_EQ(imported.code, 0) << imported.err << imported.out;

  // August's report: the forecast was republished on the new ledger, and August's figures
  // are what they were.
  json::Value august = Report("august");
  ExpectCurrentForecast(august, "ledger_changed");
  EXPECT_EQ(Ore(august, "operating", "unit:KLS", "actual"), actual);
  EXPECT_EQ(Ore(august, "forecast", "unit:KLS", "forecast"), actual + 4 * kKlsBudgetMonthly);

  // September's report before September is closed: August's forecast, an error next to it.
  json::Value open = Report("open", "2021-09");
  EXPECT_EQ(Ore(open, "operating", "unit:KLS", "actual"), actual + kLateInvoice);
  ASSERT_NE(open.Find("forecast_source"), nullptr);
  EXPECT_EQ(open.Find("forecast_source")->Find("as_of")->text, "2021-08");
  int as_of_errors = 0;
  for (const json::Value& f : open.Find("findings")->items) {
    as_of_errors +=
        f.Find("rule")->text == "forecast_source" && f.Find("severity")->text == "error";
  }
  EXPECT_EQ(as_of_errors, 1);

  Run closed = Tertial("close-period --org 0580 --period 2021-09");
  ASSERT_EQ(closed.code, 0) << closed.err;
  json::Value september = Report("september", "2021-09");
  ExpectCurrentForecast(september, "period_closed", "2021-09");
  EXPECT_EQ(Ore(september, "operating", "unit:KLS", "actual"), actual + kLateInvoice);
  EXPECT_EQ(Ore(september, "forecast", "unit:KLS", "forecast"),
            actual + kLateInvoice + 3 * kKlsBudgetMonthly);
  EXPECT_EQ(
      Ore(september, "forecast", "sum", "forecast"),
      actual + kLateInvoice + 3 * kKlsBudgetMonthly + 8 * kEksMonthly + 3 * kEksBudgetMonthly);
}

TEST_F(FreshnessCliTest, ABudgetChangedAfterClosingIsInTheRepublishedForecastAndTheReportAgrees) {
  json::Value before = Report("before");
  ExpectCurrentForecast(before, "method_chosen");
  EXPECT_EQ(Ore(before, "forecast", "unit:KLS", "budget"), 12 * kKlsBudgetMonthly);

  Write(dir_.Sub("budget-change.csv"),
        StrCat("unit_id,account,project_id,period,amount_ore\nKLS,5,,2021-10,", kOctoberBudget,
               "\n"));
  Run imported = Tertial(StrCat("import --org 0580 ", dir_.Sub("budget-change.csv")));
  ASSERT_EQ(imported.code, 0) << imported.err << imported.out;

  json::Value after = Report("after");
  ExpectCurrentForecast(after, "ledger_changed");
  const int64_t budget = 11 * kKlsBudgetMonthly + kOctoberBudget;
  EXPECT_EQ(Ore(after, "forecast", "unit:KLS", "budget"), budget);
  EXPECT_EQ(Ore(after, "forecast", "unit:KLS", "forecast"),
            8 * kKlsMonthly + 3 * kKlsBudgetMonthly + kOctoberBudget);
  EXPECT_EQ(Ore(after, "forecast", "unit:KLS", "deviation"),
            budget - Ore(after, "forecast", "unit:KLS", "forecast"));
  // The operating statement's budget jan–aug is the same: October is after the period.
  EXPECT_EQ(Ore(after, "operating", "unit:KLS", "budget"), 8 * kKlsBudgetMonthly);
}

}  // namespace
}  // namespace tertial::reporting
