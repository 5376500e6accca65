// The goal owner's commands through the `tertial` binary, in-process on a data directory.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>

#include "tertial/testing/temp_dir.h"

namespace tertial::goals::e2e {
namespace {

struct Outcome {
  int code = -1;
  std::string out;
};

class Cli : public ::testing::Test {
 protected:
  Outcome Tertial(const std::string& args) {
    std::string command = std::string(TERTIAL_BINARY_DIR) + "/apps/tertial " + args +
                          " --data-dir " + dir_.Sub("data") + " 2>&1";
    Outcome run;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return run;
    std::array<char, 4096> buffer;
    size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) run.out.append(buffer.data(), n);
    int status = pclose(pipe);
    run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
  }

  static int Count(const std::string& text, const std::string& what) {
    int n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  }

  testing::TempDir dir_;
};

TEST_F(Cli, ImportStatusAndRevision) {
  Outcome import = Tertial("goals import data/linkoping-ks/plan.yaml");
  ASSERT_EQ(import.code, 0) << import.out;
  EXPECT_NE(import.out.find("119 activities"), std::string::npos) << import.out;
  Outcome again = Tertial("goals import data/linkoping-ks/plan.yaml");
  EXPECT_EQ(again.code, 0);
  EXPECT_NE(again.out.find("nothing changed (this file was imported before)"), std::string::npos)
      << again.out;

  Outcome json = Tertial("goals status --period 2021-08 --format json");
  ASSERT_EQ(json.code, 0) << json.out;
  EXPECT_EQ(Count(json.out, "\"check\": \"contradicted\""), 3) << json.out;
  EXPECT_EQ(Count(json.out, "\"level\": \"board_goal\""), 18);
  Outcome summary = Tertial("goals status --period 2021-08");
  ASSERT_EQ(summary.code, 0) << summary.out;
  EXPECT_NE(summary.out.find(
                "varav 22 genomförda, 76 pågår, 3 pausade, 15 kvarstår, 2 utgått, 1 ej uppföljd;"),
            std::string::npos)
      << summary.out;
  Outcome csv = Tertial("goals activities --period 2021-08 --format csv");
  ASSERT_EQ(csv.code, 0) << csv.out;
  EXPECT_NE(csv.out.find("status,count\n"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("genomförd,22\n"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("pågår,76\n"), std::string::npos) << csv.out;

  Outcome set = Tertial(
      "goals set-value solel --period 2021-08 --value 2,9 --comment 'från Energimyndigheten'");
  ASSERT_EQ(set.code, 0) << set.out;
  Outcome history = Tertial("goals history solel --period 2021-08 --format csv");
  ASSERT_EQ(history.code, 0) << history.out;
  EXPECT_EQ(Count(history.out, "2021-08,"), 2) << history.out;  // I.U. from the plan, then 2,9
  EXPECT_NE(history.out.find("2021-08,2.9,command"), std::string::npos) << history.out;
  Outcome table = Tertial("goals indicators --period 2021-08 --format csv");
  ASSERT_EQ(table.code, 0);
  EXPECT_NE(table.out.find("solel,,Andel (%) producerad solel"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find(",1.22,2.40,2.9,>= 1.75,met,"), std::string::npos) << table.out;
}

TEST_F(Cli, RecordsAssessmentsAndStatusesOfAPeriod) {
  ASSERT_EQ(Tertial("goals import data/linkoping-ks/plan.yaml").code, 0);

  // a001 is genomförd in the plan; a054 pausad.
  Outcome activity = Tertial(
      "goals activity-status a054 --period 2021-08 --status genomförd --comment 'återstartad'");
  ASSERT_EQ(activity.code, 0) << activity.out;
  EXPECT_NE(activity.out.find("recorded"), std::string::npos) << activity.out;
  Outcome counts = Tertial("goals activities --period 2021-08 --format csv");
  ASSERT_EQ(counts.code, 0) << counts.out;
  EXPECT_NE(counts.out.find("genomförd,23\n"), std::string::npos) << counts.out;
  EXPECT_NE(counts.out.find("pausad,2\n"), std::string::npos) << counts.out;

  Outcome assignment =
      Tertial("goals assignment-status naringslivsstod --period 2021-08 --status genomfört");
  ASSERT_EQ(assignment.code, 0) << assignment.out;
  Outcome assignments = Tertial("goals assignments --period 2021-08 --format csv");
  ASSERT_EQ(assignments.code, 0) << assignments.out;
  EXPECT_NE(assignments.out.find("naringslivsstod,"), std::string::npos) << assignments.out;
  EXPECT_NE(assignments.out.substr(assignments.out.find("naringslivsstod,")).find("genomfört"),
            std::string::npos)
      << assignments.out;

  Outcome before = Tertial("goals status --period 2021-08 --format json");
  Outcome assess = Tertial(
      "goals assess social-sammanhallning --period 2021-08 --assessment 'kan ej bedömas' "
      "--rationale 'ny mätning i höst'");
  ASSERT_EQ(assess.code, 0) << assess.out;
  Outcome after = Tertial("goals status --period 2021-08 --format json");
  ASSERT_EQ(after.code, 0) << after.out;
  EXPECT_NE(after.out.find("\"goal_id\": \"social-sammanhallning\", \"goal\": \"God social "
                           "sammanhållning och delaktighet\", \"assessment\": \"kan ej bedömas\""),
            std::string::npos)
      << after.out;
  EXPECT_EQ(Count(after.out, "\"level\": \"board_goal\""), 18);
  EXPECT_NE(before.out, after.out);
  Outcome same = Tertial(
      "goals assess social-sammanhallning --period 2021-08 --assessment 'kan ej bedömas' "
      "--rationale 'ny mätning i höst'");
  ASSERT_EQ(same.code, 0) << same.out;
  EXPECT_NE(same.out.find("nothing changed"), std::string::npos) << same.out;

  // A misspelt status is named before anything is asked of the service.
  Outcome typo = Tertial("goals activity-status a054 --period 2021-08 --status klar");
  EXPECT_NE(typo.code, 0);
  EXPECT_NE(typo.out.find("klar"), std::string::npos) << typo.out;
  Outcome two = Tertial("goals assess a b --period 2021-08 --assessment uppfylls");
  EXPECT_NE(two.code, 0);
  EXPECT_NE(two.out.find("usage: tertial goals assess GOAL"), std::string::npos) << two.out;
}

// Review item 7: a plan file cut short is valid YAML, and its import removed the items it
// no longer had without a word. Now it is refused, naming them, unless --allow-removals.
TEST_F(Cli, ATruncatedPlanIsRefusedUnlessRemovalsAreAllowed) {
  ASSERT_EQ(Tertial("goals import data/linkoping-ks/plan.yaml").code, 0);
  std::ifstream in("data/linkoping-ks/plan.yaml");
  std::string plan((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Cut after the first 20 activities: 99 activities and every assignment are missing.
  plan.erase(plan.find("  - {id: a021,"));
  std::string path = dir_.Sub("truncated.yaml");
  std::ofstream(path) << plan;
  const std::string before = Tertial("goals status --period 2021-08").out;

  Outcome refused = Tertial("goals import " + path);
  EXPECT_EQ(refused.code, 1) << refused.out;
  EXPECT_NE(refused.out.find("truncated.yaml:0: the plan in this file lacks "), std::string::npos)
      << refused.out;
  EXPECT_NE(refused.out.find("(activity a021, activity a022, activity a023, activity a024, "
                             "activity a025 and "),
            std::string::npos)
      << refused.out;
  EXPECT_NE(refused.out.find("--allow-removals"), std::string::npos) << refused.out;
  EXPECT_EQ(Tertial("goals status --period 2021-08").out, before);

  Outcome allowed = Tertial("goals import --allow-removals " + path);
  EXPECT_EQ(allowed.code, 0) << allowed.out;
  EXPECT_NE(allowed.out.find("imported " + path), std::string::npos) << allowed.out;
  // The summary counts the 20 activities left.
  const std::string after = Tertial("goals status --period 2021-08").out;
  EXPECT_NE(before.find("Aktiviteter: 119,"), std::string::npos) << before;
  EXPECT_NE(after.find("Aktiviteter: 20,"), std::string::npos) << after;
}

TEST_F(Cli, ABadFileIsRejectedWithWhereAndWhatAndNothingIsImported) {
  std::ifstream in("data/linkoping-ks/plan.yaml");
  std::string plan((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(plan.empty());
  const std::string cancelled = "status: utgått";
  plan.replace(plan.find(cancelled), cancelled.size(), "status: avslutad");
  std::string path = dir_.Sub("bad.yaml");
  std::ofstream(path) << plan;
  Outcome bad = Tertial("goals import " + path);
  EXPECT_NE(bad.code, 0);
  EXPECT_NE(bad.out.find("bad.yaml:"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find(".status: 'avslutad' is not an activity status: expected genomförd"),
            std::string::npos)
      << bad.out;
  EXPECT_NE(bad.out.find("nothing was imported"), std::string::npos);
  Outcome plans = Tertial("goals plans");
  EXPECT_NE(plans.code, 0);
  EXPECT_NE(plans.out.find("no organisation has goals yet"), std::string::npos) << plans.out;
  Outcome usage = Tertial("goals status");
  EXPECT_EQ(usage.code, 2) << usage.out;
  EXPECT_NE(usage.out.find("--period is required"), std::string::npos);
}

// Review 5.1: the error used to quote half of the '€', the reply could not be serialized,
// and the goal owner saw only "No message returned for unary request".
TEST_F(Cli, RejectsValueWithNonAsciiCharacterNamingTheLine) {
  std::ifstream in("data/linkoping-ks/plan.yaml");
  std::string plan((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string value = "2019: \"56\"";
  ASSERT_NE(plan.find(value), std::string::npos);
  int line = 1 + Count(plan.substr(0, plan.find(value)), "\n");
  std::string good_path = dir_.Sub("plan.yaml");
  std::ofstream(good_path) << plan;
  plan.replace(plan.find(value), value.size(), "2019: \"56\xE2\x82\xAC\"");
  std::string path = dir_.Sub("y8.yaml");
  std::ofstream(path) << plan;
  Outcome bad = Tertial("goals import --org 0580 " + path);
  EXPECT_EQ(bad.code, 1) << bad.out;
  EXPECT_EQ(bad.out.find("No message returned"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("y8.yaml:" + std::to_string(line)), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("'56\xE2\x82\xAC' is not a number: unexpected '\xE2\x82\xAC'"),
            std::string::npos)
      << bad.out;
  EXPECT_NE(bad.out.find("nothing was imported"), std::string::npos) << bad.out;

  ASSERT_EQ(Tertial("goals import --org 0580 " + good_path).code, 0);
  std::string csv = dir_.Sub("values.csv");
  std::ofstream(csv) << "indicator_id;period;value\nsolel;2021-08;2,4\nsolel;2021-07;5\xC2\xBD\n";
  Outcome values = Tertial("goals import --org 0580 --kind values " + csv);
  EXPECT_EQ(values.code, 1) << values.out;
  EXPECT_EQ(values.out.find("No message returned"), std::string::npos) << values.out;
  EXPECT_NE(values.out.find("values.csv:3: value:"), std::string::npos) << values.out;
  EXPECT_NE(values.out.find("unexpected '\xC2\xBD'"), std::string::npos) << values.out;

  // A file in another encoding (Latin-1 '½' is the byte BD) is refused naming line and column.
  std::ofstream(csv) << "indicator_id;period;value\nsolel;2021-07;5\xBD\n";
  Outcome latin1 = Tertial("goals import --org 0580 --kind values " + csv);
  EXPECT_EQ(latin1.code, 1) << latin1.out;
  EXPECT_NE(latin1.out.find("values.csv:2"), std::string::npos) << latin1.out;
  EXPECT_NE(latin1.out.find("value: column 16: byte \\xBD is not UTF-8"), std::string::npos)
      << latin1.out;
}

}  // namespace
}  // namespace tertial::goals::e2e
