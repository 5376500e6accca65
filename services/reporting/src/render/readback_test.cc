// A rendered report read back (render/readback.h): its JSON model and its CSV files
// give the validator the same findings the report itself listed, and an edited CSV gives
// a finding naming the table, row, column, the figure printed and the consistent one.

#include "render/readback.h"

#include <gtest/gtest.h>

#include "domain/builder.h"
#include "domain/validate.h"
#include "render/render.h"
#include "tertial/base/strings.h"
#include "testing/sample_input.h"

namespace tertial::reporting {
namespace {

std::string Describe(const Finding& f) {
  return StrCat(SeverityName(f.severity), " ", f.rule, " ", f.file, " › ", f.record, " › ", f.field,
                " | ", f.where, " | shown ", f.shown, " | consistent ", f.consistent, " | ",
                f.message);
}

std::vector<std::string> Described(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings) out.push_back(Describe(f));
  return out;
}

std::vector<ReportFile> CsvFiles(const Report& report) {
  std::vector<ReportFile> out;
  for (RenderedFile& f : RenderCsv(report))
    out.push_back({StrCat("out/", f.name), std::move(f.bytes)});
  return out;
}

class ReadbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto built = Build(testing::SampleInput());
    ASSERT_TRUE(built.ok()) << built.status();
    report_ = std::move(*built);
    // Break the sample's figures so that every arithmetic rule has something to say: a unit
    // whose deviation is off, an of-which row that no longer adds up, a project net off.
    Table* op = report_.FindTable("operating");
    ASSERT_NE(op, nullptr);
    for (Row& r : op->rows) {
      if (r.kind == RowKind::kUnit) {
        r.cells[op->ColumnIndex("deviation")] =
            Cell::Money(r.cells[op->ColumnIndex("deviation")].ore() + 123'456'78);
        break;
      }
    }
    Table* fc = report_.FindTable("forecast");
    ASSERT_NE(fc, nullptr);
    for (Row& r : fc->rows) {
      if (r.kind == RowKind::kOfWhich) {
        r.cells[fc->ColumnIndex("forecast")] =
            Cell::Money(r.cells[fc->ColumnIndex("forecast")].ore() - 5'000'000'00);
        break;
      }
    }
    report_.findings = Validate(report_);
    ASSERT_GE(report_.findings.size(), 3u);
  }
  Report report_;
};

TEST_F(ReadbackTest, TheReportsJsonValidatesWithTheModelsFindings) {
  auto read = ParseValidationInput({{"report.json", RenderJson(report_)}});
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(Described(ValidateTypedFigures(*read)), Described(report_.findings));
}

TEST_F(ReadbackTest, TheReportsCsvDirectoryValidatesWithTheModelsFindings) {
  auto read = ParseValidationInput(CsvFiles(report_));
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(Described(ValidateTypedFigures(*read)), Described(report_.findings));
}

TEST_F(ReadbackTest, ASingleCsvWithoutItsIndexStillGivesTheFindingsOfItsTable) {
  std::vector<ReportFile> files = CsvFiles(report_);
  const ReportFile* op = nullptr;
  for (const ReportFile& f : files) {
    if (f.name == "out/operating.csv") op = &f;
  }
  ASSERT_NE(op, nullptr);
  auto read = ParseValidationInput({*op});
  ASSERT_TRUE(read.ok()) << read.status();
  std::vector<Finding> got = ValidateTypedFigures(*read);
  std::vector<Finding> want;
  for (const Finding& f : report_.findings) {
    if (f.file == "operating") want.push_back(f);
  }
  ASSERT_EQ(got.size(), want.size());
  ASSERT_FALSE(want.empty());
  for (size_t i = 0; i < got.size(); ++i) {
    // Without tables.csv the title and column labels are the ids; the rest is the same.
    EXPECT_EQ(got[i].rule, want[i].rule);
    EXPECT_EQ(got[i].record, want[i].record);
    EXPECT_EQ(got[i].field, want[i].field);
    EXPECT_EQ(got[i].shown, want[i].shown);
    EXPECT_EQ(got[i].consistent, want[i].consistent);
  }
}

TEST(ReadbackCsvTest, ACsvWithAWrongSumNamesTableRowColumnAndBothFigures) {
  auto report = Build(testing::SampleInput());
  ASSERT_TRUE(report.ok()) << report.status();
  std::vector<ReportFile> files = CsvFiles(*report);
  const Table& op = *report->FindTable("operating");
  const Row& sum = *op.FindRow("sum");
  int64_t actual = sum.cells[op.ColumnIndex("actual")].ore();
  for (ReportFile& f : files) {
    if (f.name != "out/operating.csv") continue;
    // As someone would in a spreadsheet: the sum's "Redovisat" raised by 1 000 tkr.
    std::string from = StrCat("\nsum,sum,", sum.label, ",,", sum.unit_id, ",", actual, ",");
    size_t at = f.bytes.find(from);
    ASSERT_NE(at, std::string::npos) << f.bytes;
    f.bytes.replace(
        at, from.size(),
        StrCat("\nsum,sum,", sum.label, ",,", sum.unit_id, ",", actual + 100'000'000, ","));
  }
  auto read = ParseValidationInput(files);
  ASSERT_TRUE(read.ok()) << read.status();
  std::vector<Finding> findings = ValidateTypedFigures(*read);
  const Finding* found = nullptr;
  for (const Finding& f : findings) {
    if (f.rule == "row_sum") {
      EXPECT_EQ(found, nullptr) << "a second row_sum finding: " << Describe(f);
      found = &f;
    }
  }
  ASSERT_NE(found, nullptr) << ::testing::PrintToString(Described(findings));
  EXPECT_EQ(found->severity, Severity::kError);
  EXPECT_EQ(found->file, "operating");
  EXPECT_EQ(found->record, "sum");
  EXPECT_EQ(found->field, "actual");
  EXPECT_EQ(found->shown, FormatMoney(actual + 100'000'000, "tkr"));
  EXPECT_EQ(found->consistent, FormatMoney(actual, "tkr"));
  EXPECT_EQ(found->where,
            StrCat(op.title, " › ", sum.label, " › ", op.columns[op.ColumnIndex("actual")].label));
}

TEST(ReadbackErrorsTest, BadFilesAreRefusedNamingFileLineAndField) {
  auto bad_ore = ParseValidationInput(
      {{"operating.csv",
        "row_id,row_kind,label,parent,unit_id,actual_ore\nunit:A,unit,A,,A,12x\n"}});
  ASSERT_FALSE(bad_ore.ok());
  EXPECT_EQ(bad_ore.status().message(),
            "operating.csv:2: field actual_ore: expected an integer of öre, not '12x'");
  auto short_row = ParseValidationInput(
      {{"operating.csv", "row_id,row_kind,label,parent,unit_id,actual_ore\nunit:A,unit,A,,A\n"}});
  ASSERT_FALSE(short_row.ok());
  EXPECT_EQ(short_row.status().message(),
            "operating.csv:2: expected 6 fields (one per header column), not 5");
  auto unknown = ParseValidationInput({{"stuff.csv", "row_id,row_kind,label,parent,unit_id,x\n"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("stuff.csv: cannot tell the table's kind"),
            std::string::npos);
  auto format = ParseValidationInput({{"r.json", "{\"format\": \"something\"}"}});
  ASSERT_FALSE(format.ok());
  EXPECT_NE(format.status().message().find("expected \"format\": \"tertial.report-figures.v1\""),
            std::string::npos);
  auto ore = ParseValidationInput(
      {{"r.json",
        "{\"format\": \"tertial.report.v1\", \"period\": \"2021-08\", "
        "\"sections\": [{\"id\": \"operating\", \"tables\": [{\"id\": \"operating\", "
        "\"kind\": \"operating\", \"columns\": [{\"id\": \"actual\", \"kind\": \"money\"}], "
        "\"rows\": [{\"id\": \"sum\", \"kind\": \"sum\", \"cells\": {\"actual_ore\": "
        "1.5}}]}]}]}"}});
  ASSERT_FALSE(ore.ok());
  EXPECT_NE(
      ore.status().message().find("expected an integer of öre in row 'sum', field 'actual_ore'"),
      std::string::npos)
      << ore.status();
}

TEST(ReadbackCsvTest, SemicolonsAndAByteOrderMarkAsASpreadsheetSavesThem) {
  auto read = ParseValidationInput(
      {{"operating.csv",
        "\xEF\xBB\xBFrow_id;row_kind;label;parent;unit_id;actual_ore;budget_ore;deviation_ore\r\n"
        "unit:A;unit;\"A; stab\";;A;100;300;200\r\n"
        "sum;sum;Summa;;;100;300;100\r\n"}});
  ASSERT_TRUE(read.ok()) << read.status();
  std::vector<std::string> f = Described(ValidateTypedFigures(*read));
  // The sum's deviation is off: budget − actual is 200 öre, and so is the unit row's.
  ASSERT_EQ(f.size(), 2u) << ::testing::PrintToString(f);
  EXPECT_EQ(f[0].substr(0, f[0].find(" |")), "error row_sum operating › sum › deviation");
  EXPECT_EQ(f[1].substr(0, f[1].find(" |")), "error deviation operating › sum › deviation");
  EXPECT_EQ(read->report.FindTable("operating")->rows[0].label, "A; stab");
}

// The CSV files are read by libs/csv, the one reader of tertial's dialect: what it refuses
// is refused here too, naming line and column (the reader of its own that this replaced
// took a stray quote as text).
TEST(ReadbackCsvTest, RefusesWhatTheOneCsvReaderRefuses) {
  const std::string header = "row_id,row_kind,label,parent,unit_id,actual_ore\n";
  auto stray = ParseValidationInput({{"operating.csv", header + "unit:A,unit,A \"x\",,A,100\n"}});
  ASSERT_FALSE(stray.ok());
  EXPECT_NE(stray.status().message().find("operating.csv:2:"), std::string::npos) << stray.status();
  auto open = ParseValidationInput({{"operating.csv", header + "unit:A,unit,\"A,,A,100\n"}});
  ASSERT_FALSE(open.ok());
  EXPECT_NE(open.status().message().find("not closed"), std::string::npos) << open.status();
}

}  // namespace
}  // namespace tertial::reporting
