// The HTML report in a real browser: headless Chromium loads it, the DOM has the tables
// and charts, and a screenshot and a printed PDF are taken. The PDF must be A4 and a
// handful of pages. Artefacts stay in build/reporting-artifacts/ for people to look at.

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>

#include "domain/builder.h"
#include "render/render.h"
#include "testing/seed_input.h"
#include "tertial/testing/temp_dir.h"

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
         " --disable-dev-shm-usage --hide-scrollbars --user-data-dir=" + profile;
}

class HtmlChromiumTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (access(kChromium, X_OK) != 0) GTEST_SKIP() << "no " << kChromium;
    // The seed-sized report: the demo's finance figures with the seed's own 18 nämndmål and
    // every indicator row.
    auto input = testing::SeedInput("data/linkoping-ks/seed-tables.json");
    ASSERT_TRUE(input.ok()) << input.status();
    auto built = Build(*input);
    ASSERT_TRUE(built.ok()) << built.status();
    artifacts_ = std::string(TERTIAL_BINARY_DIR) + "/reporting-artifacts";
    std::filesystem::create_directories(artifacts_);
    html_ = artifacts_ + "/seed-report.html";
    std::ofstream(html_) << RenderHtml(*built);
  }
  tertial::testing::TempDir tmp_;
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
  for (size_t p = text.find("<table"); p != std::string::npos; p = text.find("<table", p + 1)) ++tables;
  for (size_t p = text.find("<svg"); p != std::string::npos; p = text.find("<svg", p + 1)) ++svgs;
  EXPECT_GE(tables, 16u);
  EXPECT_EQ(svgs, 3u);
  EXPECT_NE(text.find("id=\"t-operating\""), std::string::npos);
  EXPECT_NE(text.find("532 265"), std::string::npos);
}

TEST_F(HtmlChromiumTest, ScreenshotAndA4PdfAreTaken) {
  std::string png = artifacts_ + "/seed-report.png";
  std::string pdf = artifacts_ + "/seed-report.pdf";
  std::remove(png.c_str());
  std::remove(pdf.c_str());
  ASSERT_EQ(Shell(Chromium(tmp_.Sub("profile-shot")) + " --window-size=1100,1500 --screenshot=" + png +
                " file://" + html_ + " >/dev/null 2>" + tmp_.Sub("shot.err")),
            0)
      << Slurp(tmp_.Sub("shot.err"));
  std::string image = Slurp(png);
  ASSERT_GT(image.size(), 20'000u);
  EXPECT_EQ(image.substr(1, 3), "PNG");
  ASSERT_EQ(Shell(Chromium(tmp_.Sub("profile-pdf")) + " --no-pdf-header-footer --print-to-pdf=" + pdf +
                " file://" + html_ + " >/dev/null 2>" + tmp_.Sub("pdf.err")),
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
  ASSERT_TRUE(std::regex_search(info, m, std::regex("Page size:\\s+([0-9.]+) x ([0-9.]+) pts"))) << info;
  EXPECT_NEAR(std::stod(m[1]), 595.3, 1.5);  // A4: 210 mm
  EXPECT_NEAR(std::stod(m[2]), 841.9, 1.5);  // 297 mm
  std::printf("printed PDF: %d A4 pages (%s)\n", pages, pdf.c_str());
}

}  // namespace
}  // namespace tertial::reporting
