// `tertial report` and `tertial validate` as a user runs them: the sample's events are
// appended to DATA_DIR/log, then the CLI binary (in-process services) writes every format.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tertial/eventlog/embedded_log.h"
#include "tertial/testing/temp_dir.h"
#include "testing/sample_events.h"
#include "testing/sample_input.h"

namespace tertial::reporting {
namespace {

const std::string kCli = std::string(TERTIAL_BINARY_DIR) + "/apps/tertial";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(CliReportTest, WritesEveryFormatIntoTheOutputDirectory) {
  tertial::testing::TempDir dir;
  std::filesystem::create_directories(dir.Sub("data"));
  {
    auto log = eventlog::EmbeddedLog::Open(dir.Sub("data/log"));
    ASSERT_TRUE(log.ok()) << log.status();
    // The CLI hosts the real forecast service too: leave the period open so that it does
    // not publish a forecast of its own over the sample's.
    ASSERT_TRUE(
        testing::AppendSampleEvents(**log, testing::SampleInput(), /*close_period=*/false).ok());
  }
  std::string out = dir.Sub("out");
  std::string command =
      kCli + " report --data-dir " + dir.Sub("data") +
      " --org 0580 --board KS --period 2021-08 --format html,md,xlsx,csv,json -o " + out + " > " +
      dir.Sub("stdout") + " 2> " + dir.Sub("stderr");
  ASSERT_EQ(std::system(command.c_str()), 0) << Slurp(dir.Sub("stderr"));
  std::string base = out + "/delarsrapport-0580-KS-2021-08";
  for (std::string ext : {".html", ".md", ".xlsx", ".json"}) {
    EXPECT_TRUE(std::filesystem::exists(base + ext)) << ext;
  }
  EXPECT_TRUE(std::filesystem::exists(base + "/operating.csv"));
  EXPECT_TRUE(std::filesystem::exists(base + "/findings.csv"));
  EXPECT_NE(Slurp(base + ".html").find("532 265"), std::string::npos);
  EXPECT_NE(Slurp(dir.Sub("stdout")).find(base + ".xlsx"), std::string::npos);
}

// A log may hold a unit id from before ids had a grammar ("../../../escape" was accepted
// on import). Its report is still written, under a sanitised name inside -o, and nothing
// lands outside. An organisation that is not an id is refused before anything is made.
TEST(CliReportTest, WritesNothingOutsideTheOutputDirectoryWhateverTheIds) {
  tertial::testing::TempDir dir;
  std::filesystem::create_directories(dir.Sub("data"));
  BuildInput input = testing::SampleInput();
  input.units.Define({.id = "../../../escape",
                      .name = "Utbrytarnämnden",
                      .parent_id = "",
                      .kind = chart::UnitKind::kNamnd,
                      .position = 99});
  input.units.Define({.id = "A/B",
                      .name = "Snedstrecksförvaltningen",
                      .parent_id = "../../../escape",
                      .kind = chart::UnitKind::kForvaltning,
                      .position = 100});
  {
    auto log = eventlog::EmbeddedLog::Open(dir.Sub("data/log"));
    ASSERT_TRUE(log.ok()) << log.status();
    ASSERT_TRUE(testing::AppendSampleEvents(**log, input, /*close_period=*/false).ok());
  }
  std::string out = dir.Sub("deep/down/out");
  std::filesystem::create_directories(out);
  auto before = [&] {
    std::vector<std::string> all;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path())) {
      all.push_back(entry.path().string());
    }
    return all;
  }();
  std::string command = kCli + " report --data-dir " + dir.Sub("data") +
                        " --org 0580 --board ../../../escape --period 2021-08 --force"
                        " --format html,md,xlsx,csv,json -o " +
                        out + " > " + dir.Sub("stdout") + " 2> " + dir.Sub("stderr");
  int status = std::system(command.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 0) << Slurp(dir.Sub("stderr"));
  // Every new file is below out/ and named from sanitised parts.
  int written = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path())) {
    std::string path = entry.path().string();
    if (std::find(before.begin(), before.end(), path) != before.end()) continue;
    if (path.rfind(dir.Sub("data"), 0) == 0 || path == dir.Sub("stdout") ||
        path == dir.Sub("stderr"))
      continue;
    EXPECT_EQ(path.rfind(out + "/", 0), 0u) << path << " is outside " << out;
    ++written;
  }
  EXPECT_GT(written, 4);
  EXPECT_TRUE(std::filesystem::exists(out + "/delarsrapport-0580-_._.._.._escape-2021-08.html"))
      << Slurp(dir.Sub("stdout"));

  std::string org = kCli + " report --data-dir " + dir.Sub("data") +
                    " --org ../x --board KS --period 2021-08 -o " + out + " 2> " +
                    dir.Sub("stderr2");
  EXPECT_NE(WEXITSTATUS(std::system(org.c_str())), 0);
  EXPECT_NE(Slurp(dir.Sub("stderr2")).find("organisation: '../x' is not an id"), std::string::npos)
      << Slurp(dir.Sub("stderr2"));
}

TEST(CliReportTest, ValidateListsTheSeedsFindingsAndExitsNonZero) {
  tertial::testing::TempDir dir;
  std::string command = kCli + " validate data/linkoping-ks/seed-tables.json --format csv > " +
                        dir.Sub("out.csv") + " 2> " + dir.Sub("err");
  int status = std::system(command.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 1) << Slurp(dir.Sub("err"));
  std::string csv = Slurp(dir.Sub("out.csv"));
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "severity,rule,table_id,row_id,column_id,shown,consistent,message");
  EXPECT_NE(csv.find("error,deviation,forecast,unit:VSS/costs,deviation,354 881,1 777,"),
            std::string::npos);
  EXPECT_NE(Slurp(dir.Sub("err")).find("errors"), std::string::npos);
  std::string bad = kCli + " validate " + dir.Sub("missing.json") + " 2> " + dir.Sub("err2");
  EXPECT_NE(WEXITSTATUS(std::system(bad.c_str())), 0);
  EXPECT_NE(Slurp(dir.Sub("err2")).find("cannot read"), std::string::npos);
}

TEST(CliReportTest, ValidateWithoutAFileChecksTheReportMadeFromTheData) {
  tertial::testing::TempDir dir;
  std::filesystem::create_directories(dir.Sub("data"));
  {
    auto log = eventlog::EmbeddedLog::Open(dir.Sub("data/log"));
    ASSERT_TRUE(log.ok()) << log.status();
    ASSERT_TRUE(
        testing::AppendSampleEvents(**log, testing::SampleInput(), /*close_period=*/false).ok());
  }
  std::string command = kCli + " validate --data-dir " + dir.Sub("data") +
                        " --org 0580 --board KS --period 2021-08 --format csv > " +
                        dir.Sub("out.csv") + " 2> " + dir.Sub("err");
  int status = std::system(command.c_str());
  std::string csv = Slurp(dir.Sub("out.csv"));
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "severity,rule,table_id,row_id,column_id,shown,consistent,message")
      << Slurp(dir.Sub("err"));
  // The sample's God ekonomisk kontroll is assessed uppfylls against an indicator that
  // misses its target: an error finding, so the exit code is 1.
  EXPECT_NE(csv.find("error,assessment,goals,goal:kontroll,assessment,"), std::string::npos) << csv;
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_NE(Slurp(dir.Sub("err")).find("report 0580 KS 2021-08: "), std::string::npos);
  // A file and a report at once, or a report without its period, is a usage error.
  std::string both = kCli + " validate data/linkoping-ks/seed-tables.json --board KS 2>/dev/null";
  EXPECT_EQ(WEXITSTATUS(std::system(both.c_str())), 2);
  std::string half = kCli + " validate --org 0580 --board KS 2>/dev/null";
  EXPECT_EQ(WEXITSTATUS(std::system(half.c_str())), 2);
}

// The files `tertial report` wrote, checked again as a controller would after handing
// them on: the JSON, the CSV directory and one edited CSV.
TEST(CliReportTest, ValidateReadsTheReportsOwnJsonAndCsvFiles) {
  tertial::testing::TempDir dir;
  std::filesystem::create_directories(dir.Sub("data"));
  {
    auto log = eventlog::EmbeddedLog::Open(dir.Sub("data/log"));
    ASSERT_TRUE(log.ok()) << log.status();
    ASSERT_TRUE(
        testing::AppendSampleEvents(**log, testing::SampleInput(), /*close_period=*/false).ok());
  }
  std::string out = dir.Sub("out");
  auto run = [&](const std::string& args, const std::string& name) {
    std::string command =
        kCli + " " + args + " > " + dir.Sub(name) + " 2> " + dir.Sub(name + ".err");
    int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  ASSERT_EQ(run("report --data-dir " + dir.Sub("data") +
                    " --org 0580 --board KS --period 2021-08 --format csv,json -o " + out,
                "report"),
            0)
      << Slurp(dir.Sub("report.err"));
  int code = run("validate --data-dir " + dir.Sub("data") +
                     " --org 0580 --board KS --period 2021-08 --format csv",
                 "model.csv");
  std::string model = Slurp(dir.Sub("model.csv"));
  ASSERT_NE(model.find("error,assessment,goals,goal:kontroll,assessment,"), std::string::npos)
      << model;
  std::string base = out + "/delarsrapport-0580-KS-2021-08";
  for (const std::string& input : {base + ".json", base, base + "/"}) {
    EXPECT_EQ(run("validate " + input + " --format csv", "again.csv"), code)
        << input << Slurp(dir.Sub("again.csv.err"));
    EXPECT_EQ(Slurp(dir.Sub("again.csv")), model) << input;
  }
  // The operating statement's sum, raised by 1 000 tkr in a spreadsheet.
  std::string op = Slurp(base + "/operating.csv");
  size_t at = op.find("\nsum,sum,");
  ASSERT_NE(at, std::string::npos);
  size_t actual = op.find(',', at + 10);
  for (int i = 0; i < 2; ++i) actual = op.find(',', actual + 1);
  size_t end = op.find(',', actual + 1);
  int64_t ore = std::stoll(op.substr(actual + 1, end - actual - 1));
  op.replace(actual + 1, end - actual - 1, std::to_string(ore + 100'000'000));
  std::filesystem::create_directories(dir.Sub("edited"));
  std::ofstream(dir.Sub("edited/operating.csv")) << op;
  std::filesystem::copy_file(base + "/tables.csv", dir.Sub("edited/tables.csv"));
  EXPECT_EQ(run("validate " + dir.Sub("edited/operating.csv") + " --format csv", "edited.csv"), 1);
  std::string edited = Slurp(dir.Sub("edited.csv"));
  EXPECT_NE(edited.find("error,row_sum,operating,sum,actual,"), std::string::npos) << edited;
  // A file that is none of these is refused with its name.
  std::ofstream(dir.Sub("notes.txt")) << "hello\n";
  EXPECT_NE(run("validate " + dir.Sub("notes.txt"), "bad"), 0);
  EXPECT_NE(Slurp(dir.Sub("bad.err")).find("notes.txt: expected a report table's CSV file"),
            std::string::npos)
      << Slurp(dir.Sub("bad.err"));
}

}  // namespace
}  // namespace tertial::reporting
