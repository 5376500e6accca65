#include "report_status.h"

#include <gtest/gtest.h>

namespace tertial::web {
namespace {

TEST(ReportStatusTest, CountsSectionsWithoutTextGoalsWithoutAssessmentAndFindings) {
  constexpr std::string_view kReport = R"({
    "format": "tertial.report.v1", "organisation_name": "Linköpings kommun",
    "board_name": "Kommunstyrelsen",
    "sections": [
      {"id": "economy", "title": "Ekonomi", "narrative_markdown": "Text.",
       "tables": [{"id": "economy", "kind": "economy", "rows": []}]},
      {"id": "goals", "title": "Nämndmål", "narrative_markdown": "",
       "tables": [{"id": "goals", "kind": "goals", "rows": [
         {"id": "goal:a", "label": "Trygghet", "assessment": "uppfylls"},
         {"id": "goal:b", "label": "Miljö"}]}]}],
    "findings": [{"severity": "error"}, {"severity": "warning"}, {"severity": "warning"}]})";
  absl::StatusOr<ReportStatus> s = StatusOfReport(kReport);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->board_name, "Kommunstyrelsen");
  EXPECT_EQ(s->sections, 2);
  ASSERT_EQ(s->sections_without_text.size(), 1u);
  EXPECT_EQ(s->sections_without_text[0].id, "goals");
  EXPECT_EQ(s->goals, 2);
  ASSERT_EQ(s->goals_without_assessment.size(), 1u);
  EXPECT_EQ(s->goals_without_assessment[0].title, "Miljö");
  EXPECT_EQ(s->errors, 1);
  EXPECT_EQ(s->warnings, 2);
  EXPECT_EQ(s->table_ids, (std::vector<std::string>{"economy", "goals"}));
}

TEST(ReportStatusTest, RefusesWhatIsNotAReport) {
  EXPECT_FALSE(StatusOfReport("{\"format\": \"something else\"}").ok());
  EXPECT_FALSE(StatusOfReport("not json").ok());
}

}  // namespace
}  // namespace tertial::web
