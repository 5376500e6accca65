// The XLSX report read back: the workbook is unzipped with `unzip -p` and its sheet XML
// inspected. Money cells must be numbers (no t="s"/"str"), exact to the öre in kronor,
// with a number format that shows tkr; I.U. must be text, never a zero.

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "domain/builder.h"
#include "render/render.h"
#include "tertial/testing/temp_dir.h"
#include "testing/sample_input.h"

namespace tertial::reporting {
namespace {

std::string Unzip(const std::string& xlsx, const std::string& member) {
  std::string command = "unzip -p " + xlsx + " " + member;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return "";
  std::string out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

class XlsxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto built = Build(testing::SampleInput());
    ASSERT_TRUE(built.ok()) << built.status();
    report_ = std::move(*built);
    auto bytes = RenderXlsx(report_);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    path_ = dir_.Sub("report.xlsx");
    std::ofstream(path_, std::ios::binary) << *bytes;
  }
  // Sheet file of a sheet name, from workbook.xml and its relationships.
  std::string SheetXml(const std::string& name) {
    std::string workbook = Unzip(path_, "xl/workbook.xml");
    std::smatch m;
    std::regex sheet("<sheet name=\"" + name + "\" sheetId=\"\\d+\" r:id=\"(rId\\d+)\"");
    if (!std::regex_search(workbook, m, sheet)) return "";
    std::string rels = Unzip(path_, "xl/_rels/workbook.xml.rels");
    std::smatch t;
    std::regex target("Id=\"" + m[1].str() + "\"[^>]*Target=\"([^\"]+)\"");
    std::regex target2("Target=\"([^\"]+)\"[^>]*Id=\"" + m[1].str() + "\"");
    if (!std::regex_search(rels, t, target) && !std::regex_search(rels, t, target2)) return "";
    return Unzip(path_, "xl/" + t[1].str());
  }
  tertial::testing::TempDir dir_;
  Report report_;
  std::string path_;
};

TEST_F(XlsxTest, OneSheetPerTableAndOneForTheFindings) {
  std::string workbook = Unzip(path_, "xl/workbook.xml");
  ASSERT_FALSE(workbook.empty()) << "unzip failed";
  size_t sheets = 0;
  for (size_t p = workbook.find("<sheet "); p != std::string::npos;
       p = workbook.find("<sheet ", p + 1))
    ++sheets;
  EXPECT_EQ(sheets, report_.Tables().size() + 1);
  EXPECT_NE(workbook.find("name=\"Driftsammandrag\""), std::string::npos);
  EXPECT_NE(workbook.find("name=\"Kontroller\""), std::string::npos);
}

// 6.8: sheet names in Swedish, as Excel allows them: at most 31 characters, none of
// []:*?/\, no two alike ignoring case.
TEST_F(XlsxTest, SheetNamesAreSwedishAndValidForExcel) {
  std::string workbook = Unzip(path_, "xl/workbook.xml");
  std::set<std::string> seen;
  std::regex sheet("<sheet name=\"([^\"]+)\"");
  std::vector<std::string> names;
  for (auto it = std::sregex_iterator(workbook.begin(), workbook.end(), sheet);
       it != std::sregex_iterator(); ++it) {
    names.push_back((*it)[1].str());
  }
  ASSERT_EQ(names.size(), report_.Tables().size() + 1);
  for (const std::string& name : names) {
    size_t chars = 0;
    for (char c : name) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    EXPECT_LE(chars, 31u) << name;
    EXPECT_EQ(name.find_first_of("[]:*?/\\"), std::string::npos) << name;
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_TRUE(seen.insert(lower).second) << name << " twice";
    EXPECT_EQ(name.find('_'), std::string::npos) << name << ": an id, not a name";
  }
  for (std::string_view want : {"Nämndmål per bedömning", "Prognos helår", "Investeringar",
                                "Målredovisning", "Indikatorer 1", "Prognosjusteringar"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
  }
}

TEST_F(XlsxTest, MoneyIsStoredAsNumbersWithATkrFormat) {
  std::string sheet = SheetXml("Prognos helår");
  ASSERT_FALSE(sheet.empty());
  // The sum row is the 10th data row (after 9 stabs), spreadsheet row 12; column B is the
  // forecast.
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      sheet, m, std::regex("<c r=\"B12\"( s=\"(\\d+)\")?( t=\"[a-z]+\")?><v>([^<]+)</v>")))
      << sheet.substr(0, 2000);
  EXPECT_TRUE(m[3].str().empty()) << "a money cell stored as " << m[3];
  const Row* sum = report_.FindTable("forecast")->FindRow("sum");
  ASSERT_EQ(report_.FindTable("forecast")->rows[9].id, "sum");
  double kronor = std::stod(m[4].str());
  EXPECT_NEAR(kronor * 100, static_cast<double>(sum->cells[0].ore()), 0.5);
  // Its style's number format shows thousands: "#,##0,".
  std::string styles = Unzip(path_, "xl/styles.xml");
  std::smatch fmt;
  ASSERT_TRUE(std::regex_search(styles, fmt,
                                std::regex("<numFmt numFmtId=\"(\\d+)\" formatCode=\"#,##0,\"/>")));
  std::string xfs = styles.substr(styles.find("<cellXfs"));
  std::vector<std::string> entries;
  std::regex xf("<xf [^>]*numFmtId=\"(\\d+)\"");
  for (auto it = std::sregex_iterator(xfs.begin(), xfs.end(), xf); it != std::sregex_iterator();
       ++it) {
    entries.push_back((*it)[1].str());
  }
  int style = m[2].str().empty() ? 0 : std::stoi(m[2].str());
  ASSERT_LT(style, static_cast<int>(entries.size()));
  EXPECT_EQ(entries[style], fmt[1].str());
}

TEST_F(XlsxTest, IndicatorValuesAreNumbersAndNoDataIsText) {
  std::string sheet = SheetXml("Indikatorer 5");
  ASSERT_FALSE(sheet.empty());
  // Row 3: "Procentuell avvikelse budget och utfall": goal (B), 2019 (C), 2020 (D), aug (E).
  std::smatch m;
  ASSERT_TRUE(std::regex_search(sheet, m, std::regex("<c r=\"E3\"( s=\"\\d+\")?><v>([^<]+)</v>")));
  EXPECT_EQ(m[2].str(), "8.1");
  std::string first = SheetXml("Indikatorer 1");
  // Delaktighetsindex in August: I.U., a string cell (shared string or inline).
  ASSERT_TRUE(
      std::regex_search(first, m, std::regex("<c r=\"E3\"( s=\"\\d+\")? t=\"(s|str|inlineStr)\"")));
  std::string strings = Unzip(path_, "xl/sharedStrings.xml");
  EXPECT_NE(strings.find("I.U."), std::string::npos);
}

}  // namespace
}  // namespace tertial::reporting
