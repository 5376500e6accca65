#include "tertial/csv/header.h"

#include <gtest/gtest.h>

namespace tertial::csv {
namespace {

Record Row(int line, std::vector<std::string> fields) {
  Record r;
  r.line = line;
  int column = 1;
  for (const std::string& f : fields) {
    r.columns.push_back(column);
    column += static_cast<int>(f.size()) + 1;
  }
  r.fields = std::move(fields);
  return r;
}

const HeaderSpec kSpec{{"indicator_id", "period", "value"}, {"board", "comment"}};

TEST(CsvHeader, MapsNamesToColumnsInAnyOrder) {
  std::vector<HeaderProblem> problems;
  Header h = Header::Read(Row(1, {" value", "indicator_id ", "period"}), kSpec, &problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(h.Find("indicator_id"), 1);
  EXPECT_EQ(h.Find("board"), -1);
  Record row = Row(2, {"2,4", "solel"});
  EXPECT_EQ(h.Get(row, "value"), "2,4");
  EXPECT_EQ(h.Trimmed(Row(2, {" 2,4\t", "solel"}), "value"), "2,4");
  EXPECT_EQ(h.Get(row, "period"), "");  // short row
  EXPECT_EQ(h.Get(row, "board"), "");   // absent column
}

TEST(CsvHeader, NamesUnknownMissingRepeatedAndEmptyColumns) {
  std::vector<HeaderProblem> problems;
  Header::Read(Row(1, {"indicator_id", "perod", "value", "value", ""}), kSpec, &problems);
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(Describe("v.csv", problems[0]),
            "v.csv:1:14: perod: unknown column; the columns are indicator_id, period, value, "
            "board (optional), comment (optional)");
  EXPECT_EQ(Describe("v.csv", problems[1]),
            "v.csv:1:26: value: the column appears twice (columns 3 and 4)");
  EXPECT_EQ(Describe("v.csv", problems[2]), "v.csv:1:32: column 5 has no name");
  EXPECT_EQ(Describe("v.csv", problems[3]),
            "v.csv:1: period: missing column; the columns are indicator_id, period, value, "
            "board (optional), comment (optional)");
  EXPECT_EQ(problems[3].column, 0);
}

TEST(CsvHeader, TakesExactlyOneOfAGroup) {
  const HeaderSpec spec{{"unit_id"}, {"project_id"}, {{"amount_ore", "amount"}}};
  EXPECT_EQ(spec.Describe(), "unit_id, amount_ore or amount, project_id (optional)");
  std::vector<HeaderProblem> problems;
  Header h = Header::Read(Row(1, {"unit_id", "amount"}), spec, &problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_TRUE(h.Has("amount"));
  Header::Read(Row(1, {"unit_id"}), spec, &problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(Describe("b.csv", problems[0]),
            "b.csv:1: amount_ore: missing column amount_ore or amount; the columns are unit_id, "
            "amount_ore or amount, project_id (optional)");
  problems.clear();
  Header::Read(Row(1, {"amount", "unit_id", "amount_ore"}), spec, &problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(Describe("b.csv", problems[0]),
            "b.csv:1: amount: amount_ore and amount are both given; a file uses one or the other");
}

}  // namespace
}  // namespace tertial::csv
