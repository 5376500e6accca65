#include "import/csv.h"

#include <gtest/gtest.h>

namespace tertial::goals {
namespace {

TEST(ReadCsv, SemicolonsBomQuotesAndEmptyLines) {
  auto t = ReadCsv("\xEF\xBB\xBFindicator_id;period;value\n\nsolel;2020;2,40\n\"a;b\";2021-08;\"1 940 (per \"\"1\"\" april)\"\n");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0].line, 3);
  EXPECT_EQ(t->Get(t->rows[0], "value"), "2,40");
  EXPECT_EQ(t->Get(t->rows[1], "indicator_id"), "a;b");
  EXPECT_EQ(t->Get(t->rows[1], "value"), "1 940 (per \"1\" april)");
  EXPECT_EQ(t->Get(t->rows[1], "missing"), "");
}

TEST(ReadCsv, CommaDelimiterAndAQuotedNewlineKeepLineNumbers) {
  auto t = ReadCsv("a,b\r\n\"x\ny\",1\r\nz,2\r\n");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->Get(t->rows[0], "a"), "x\ny");
  EXPECT_EQ(t->rows[1].line, 4);
  EXPECT_EQ(t->Get(t->rows[1], "b"), "2");
}

TEST(ReadCsv, ErrorsNameTheLine) {
  EXPECT_EQ(ReadCsv("a,b\n1,2\n\"open,3\n").status().message(), "line 3: a quoted field is not closed");
  EXPECT_EQ(ReadCsv("a,b\n1,2,3\n").status().message(), "line 2: 3 fields, but the header has 2");
  EXPECT_EQ(ReadCsv("a,a\n").status().message(), "line 1: column a twice");
  EXPECT_EQ(ReadCsv("a,b\n1,x\"y\n").status().message(),
            "line 2: a quote inside an unquoted field; quote the field");
}

}  // namespace
}  // namespace tertial::goals
