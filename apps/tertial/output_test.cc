#include "output.h"

#include <gtest/gtest.h>

#include <sstream>

namespace tertial::cli {
namespace {

Table Sample() {
  Table t({{"unit", "Enhet"}, {"actual_ore", "Utfall (tkr)"}});
  t.AddRow({Cell::Text("Ekonomistaben"), Cell::Ore(5'168'100'000)});
  t.AddRow({Cell::Text("Kommunstyrelsen, \"KS\""), Cell::Ore(-285'100'000)});
  return t;
}

TEST(Table, CsvHasExactOreAndQuotesFields) {
  std::ostringstream out;
  Sample().Print("csv", out);
  EXPECT_EQ(
      out.str(),
      "unit,actual_ore\nEkonomistaben,5168100000\n\"Kommunstyrelsen, \"\"KS\"\"\",-285100000\n");
}

TEST(Table, JsonUsesTheSameNamesWithNumbersAsNumbers) {
  std::ostringstream out;
  Sample().Print("json", out);
  EXPECT_EQ(out.str(),
            "[\n {\"unit\": \"Ekonomistaben\", \"actual_ore\": 5168100000},\n"
            " {\"unit\": \"Kommunstyrelsen, \\\"KS\\\"\", \"actual_ore\": -285100000}\n]\n");
}

TEST(Table, TableShowsTkrRightAligned) {
  std::ostringstream out;
  Sample().Print("table", out);
  EXPECT_NE(out.str().find("Ekonomistaben                51 681"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("-2 851"), std::string::npos);
}

TEST(Table, YearsAreNeverGrouped) {
  Table t({{"fiscal_year", "År"}, {"vouchers", "Verifikat"}});
  t.AddRow({Cell::Year(2021), Cell::Int(2021)});
  std::ostringstream table;
  t.Print("table", table);
  EXPECT_NE(table.str().find("2021"), std::string::npos) << table.str();
  EXPECT_NE(table.str().find("2 021"), std::string::npos) << table.str();  // the count is grouped
  EXPECT_EQ(table.str().find("2 021"), table.str().rfind("2 021")) << table.str();
  std::ostringstream json;
  t.Print("json", json);
  EXPECT_EQ(json.str(), "[\n {\"fiscal_year\": 2021, \"vouchers\": 2021}\n]\n");
}

}  // namespace
}  // namespace tertial::cli
