// The HTML report in a real browser: headless Chromium loads it, the DOM has the tables
// and charts, and a screenshot and a printed PDF are taken. The PDF must be A4 and a
// handful of pages. The report is made from events through the reporting projection, and
// the figures checked in the DOM are computed from the input the events were made from.
// Artefacts stay in build/reporting-artifacts/ for people to look at.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "domain/builder.h"
#include "grpc_service.h"
#include "projection.h"
#include "render/render.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/money/money.h"
#include "tertial/testing/temp_dir.h"
#include "testing/sample_events.h"
#include "testing/sample_input.h"

namespace tertial::reporting {
namespace {

constexpr char kChromium[] = "/usr/bin/chromium";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int Shell(const std::string& command) { return std::system(command.c_str()); }

std::string Chromium(const std::string& profile) {
  return std::string("timeout 90 ") + kChromium +
         " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
         " --disable-background-networking --disable-component-update --disable-sync"
         " --disable-dev-shm-usage --hide-scrollbars --user-data-dir=" +
         profile;
}

// The seed-sized sample as the events the other services publish (ledger vouchers and
// budget lines, the forecast, the goals facts), followed by the reporting projection and
// rendered as the service renders it: the report from events, not from typed figures.
class HtmlChromiumTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (access(kChromium, X_OK) != 0) GTEST_SKIP() << "no " << kChromium;
    input_ = testing::SampleInput();
    auto log = eventlog::EmbeddedLog::Open(tmp_.Sub("log"));
    ASSERT_TRUE(log.ok()) << log.status();
    ASSERT_TRUE(testing::AppendSampleEvents(**log, input_).ok());
    auto db = projection::ProjectionDb::Open(tmp_.Sub("projection"));
    ASSERT_TRUE(db.ok()) << db.status();
    ReportingProjection projection;
    projection::Runner runner(log->get(), db->get(), &projection);
    ReportQueries queries(log->get(), db->get(), &runner);
    auto report = queries.BuildReport("0580", "KS", {2021, 8});
    ASSERT_TRUE(report.ok()) << report.status();
    // The summary and the goals section are drawn as cards and a list; every other
    // table of the model is an HTML table of its own.
    for (const Section& section : report->sections) {
      if (section.id == "summary" || section.id == "goals") continue;
      for (const Table& t : section.tables) table_ids_.push_back(t.id);
    }
    for (const Section& section : report->sections) charts_ += section.charts.size();
    auto files = queries.RenderReport("0580", "KS", {2021, 8}, "html");
    ASSERT_TRUE(files.ok()) << files.status();
    ASSERT_EQ(files->size(), 1u);
    artifacts_ = std::string(TERTIAL_BINARY_DIR) + "/reporting-artifacts";
    std::filesystem::create_directories(artifacts_);
    html_ = artifacts_ + "/sample-report.html";
    std::ofstream(html_) << files->front().bytes;
  }

  // The net of `side` over the units of `unit`'s subtree, from the input's own figures.
  int64_t Net(std::string_view unit, Amounts UnitFigures::*side) const {
    int64_t total = 0;
    for (const auto& [id, figures] : input_.figures) {
      if (input_.units.InSubtree(id, unit)) total += (figures.*side).net_ore();
    }
    return total;
  }

  // The text of table `table`'s row `row` in the DOM, tags stripped.
  static std::string RowText(const std::string& dom, std::string_view table, std::string_view row) {
    size_t at = dom.find(StrCat("id=\"t-", table, "\""));
    if (at == std::string::npos) return "";
    at = dom.find(StrCat("data-row=\"", row, "\""), at);
    if (at == std::string::npos) return "";
    std::string out;
    bool tag = false;
    for (size_t i = at; i < dom.size() && dom.compare(i, 5, "</tr>") != 0; ++i) {
      if (dom[i] == '<') tag = true;
      if (!tag) out += dom[i];
      if (dom[i] == '>') {
        tag = false;
        out += '|';
      }
    }
    return out;
  }

  tertial::testing::TempDir tmp_;
  BuildInput input_;
  std::vector<std::string> table_ids_;
  size_t charts_ = 0;
  std::string artifacts_;
  std::string html_;
};

TEST_F(HtmlChromiumTest, LoadsWithTablesAndCharts) {
  std::string dom = tmp_.Sub("dom.html");
  ASSERT_EQ(Shell(Chromium(tmp_.Sub("profile-dom")) + " --dump-dom file://" + html_ + " > " + dom +
                  " 2>" + tmp_.Sub("dom.err")),
            0)
      << Slurp(tmp_.Sub("dom.err"));
  std::string text = Slurp(dom);
  ASSERT_FALSE(text.empty());
  size_t tables = 0, svgs = 0;
  for (size_t p = text.find("<table"); p != std::string::npos; p = text.find("<table", p + 1))
    ++tables;
  for (size_t p = text.find("<svg"); p != std::string::npos; p = text.find("<svg", p + 1)) ++svgs;
  EXPECT_GE(tables, table_ids_.size());
  ASSERT_GE(table_ids_.size(), 10u);
  for (const std::string& id : table_ids_) {
    EXPECT_NE(text.find(StrCat("id=\"t-", id, "\"")), std::string::npos) << id;
  }
  EXPECT_EQ(svgs, charts_);
  ASSERT_GE(charts_, 2u);
  // Figures as the browser has them, computed here from the input's own figures (what
  // the vouchers and budget lines add up to), not copied from a fixture.
  int64_t actual = Net("KLF", &UnitFigures::actual);
  int64_t budget = Net("KLF", &UnitFigures::budget_period);
  std::string sum = RowText(text, "operating", "sum");
  EXPECT_NE(sum.find(StrCat("|", FormatMoney(actual, "tkr"), "|")), std::string::npos) << sum;
  EXPECT_NE(sum.find(StrCat("|", FormatMoney(budget, "tkr"), "|")), std::string::npos) << sum;
  EXPECT_NE(sum.find(StrCat("|", FormatMoney(budget - actual, "tkr"), "|")), std::string::npos)
      << sum;
  int64_t eks = Net("EKS", &UnitFigures::actual);
  std::string eks_row = RowText(text, "operating", "unit:EKS");
  EXPECT_NE(eks_row.find(StrCat("|", FormatMoney(eks, "tkr"), "|")), std::string::npos) << eks_row;
  EXPECT_NE(
      eks_row.find(StrCat("|", FormatMoney(Net("EKS", &UnitFigures::prior_period), "tkr"), "|")),
      std::string::npos)
      << eks_row;
}

TEST_F(HtmlChromiumTest, ScreenshotAndA4PdfAreTaken) {
  std::string png = artifacts_ + "/sample-report.png";
  std::string pdf = artifacts_ + "/sample-report.pdf";
  std::remove(png.c_str());
  std::remove(pdf.c_str());
  ASSERT_EQ(Shell(Chromium(tmp_.Sub("profile-shot")) + " --window-size=1100,1500 --screenshot=" +
                  png + " file://" + html_ + " >/dev/null 2>" + tmp_.Sub("shot.err")),
            0)
      << Slurp(tmp_.Sub("shot.err"));
  std::string image = Slurp(png);
  ASSERT_GT(image.size(), 20'000u);
  EXPECT_EQ(image.substr(1, 3), "PNG");
  ASSERT_EQ(Shell(Chromium(tmp_.Sub("profile-pdf")) + " --no-pdf-header-footer --print-to-pdf=" +
                  pdf + " file://" + html_ + " >/dev/null 2>" + tmp_.Sub("pdf.err")),
            0)
      << Slurp(tmp_.Sub("pdf.err"));
  std::string info_path = tmp_.Sub("pdfinfo.txt");
  ASSERT_EQ(Shell("pdfinfo " + pdf + " > " + info_path), 0);
  std::string info = Slurp(info_path);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(info, m, std::regex("Pages:\\s+(\\d+)"))) << info;
  int pages = std::stoi(m[1]);
  EXPECT_GE(pages, 4);
  EXPECT_LE(pages, 24);
  ASSERT_TRUE(std::regex_search(info, m, std::regex("Page size:\\s+([0-9.]+) x ([0-9.]+) pts")))
      << info;
  EXPECT_NEAR(std::stod(m[1]), 595.3, 1.5);  // A4: 210 mm
  EXPECT_NEAR(std::stod(m[2]), 841.9, 1.5);  // 297 mm
  std::printf("printed PDF: %d A4 pages (%s)\n", pages, pdf.c_str());
}

}  // namespace
}  // namespace tertial::reporting
