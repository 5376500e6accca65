#include "tertial/csv/reader.h"

#include <gtest/gtest.h>

#include <sstream>

namespace tertial::csv {
namespace {

std::vector<Record> ReadAll(std::string_view text) {
  Reader reader(text, "t.csv");
  std::vector<Record> rows;
  for (;;) {
    auto record = reader.Next();
    EXPECT_TRUE(record.ok()) << record.status();
    if (!record.ok() || !record->has_value()) break;
    rows.push_back(**record);
  }
  return rows;
}

std::string FirstError(std::string_view text) {
  Reader reader(text, "t.csv");
  for (;;) {
    auto record = reader.Next();
    if (!record.ok()) return std::string(record.status().message());
    if (!record->has_value()) return "no error";
  }
}

using Fields = std::vector<std::string>;

TEST(CsvReader, SplitsOnTheHeadersFirstDelimiter) {
  auto rows = ReadAll("a;b,c;d\n1;2,5;3\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields, (Fields{"a", "b,c", "d"}));
  EXPECT_EQ(rows[1].fields, (Fields{"1", "2,5", "3"}));
  EXPECT_EQ(ReadAll("\"x;y\",z\n1,2\n")[0].fields, (Fields{"x;y", "z"}));  // outside quotes
  EXPECT_EQ(ReadAll("single\nvalue\n")[1].fields, (Fields{"value"}));
}

TEST(CsvReader, SkipsBomBlankLinesAndCarriageReturns) {
  auto rows = ReadAll("\xEF\xBB\xBFunit_id,name\r\n\r\nKLS,Kommunledningsstaben\r\n   \n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields[0], "unit_id");
  EXPECT_EQ(rows[1].line, 3);
  EXPECT_EQ(rows[1].fields[1], "Kommunledningsstaben");
}

TEST(CsvReader, UnquotesDoubledQuotesAndKeepsDelimitersInside) {
  auto rows = ReadAll("a,b,c\n\"KS, ny \"\"simhall\"\"\",\"\", \"x\" \n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].fields, (Fields{"KS, ny \"simhall\"", "", "x"}));
  EXPECT_EQ(ReadAll("a,b\n1,\n")[1].fields, (Fields{"1", ""}));
  EXPECT_EQ(ReadAll("a,b\n 1 ,2")[1].fields, (Fields{" 1 ", "2"}));  // no trimming, no final LF
}

TEST(CsvReader, QuotedFieldMaySpanLinesAndLinesStayCounted) {
  auto rows = ReadAll("a,b\r\n\"two\r\nlines\",x\r\nnext,row\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].fields[0], "two\nlines");
  EXPECT_EQ(rows[1].line, 2);
  EXPECT_EQ(rows[2].line, 4);
}

TEST(CsvReader, NamesTheColumnOfEachField) {
  auto rows = ReadAll("unit_id;namn;år\nKLS;\"Stab\";2021\n");
  EXPECT_EQ(rows[0].columns, (std::vector<int>{1, 9, 14}));
  EXPECT_EQ(rows[1].columns, (std::vector<int>{1, 5, 12}));
}

TEST(CsvReader, ReadsAStreamLikeText) {
  std::istringstream in(
      "\xEF\xBB\xBF"
      "a;b\n\n1;\"2\n3\"\n");
  Reader reader(&in, "s.csv");
  auto header = reader.Next();
  ASSERT_TRUE(header.ok() && header->has_value());
  EXPECT_EQ(reader.delimiter(), ';');
  auto row = reader.Next();
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->line, 3);
  EXPECT_EQ((*row)->fields, (Fields{"1", "2\n3"}));
  auto end = reader.Next();
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(end->has_value());
}

TEST(CsvReader, ErrorsNameFileLineAndColumn) {
  EXPECT_EQ(FirstError("a,b\n1,2\n\"open,3\n"),
            "t.csv:3:1: a quoted field is not closed before the end of the file");
  EXPECT_EQ(
      FirstError("a,b\n1,\"x\"y\n"),
      "t.csv:2:6: text after the closing quote; a quote inside a quoted field is written \"\"");
  EXPECT_EQ(FirstError("a,b\nå,x\"y\n"),
            "t.csv:2:4: a quote inside an unquoted field; quote the whole field and double the "
            "quote (\"a \"\"b\"\"\")");
  Reader reader("a\n\"x\"y\n", "");
  ASSERT_TRUE(reader.Next().ok());
  auto failed = reader.Next();
  EXPECT_EQ(
      failed.status().message(),
      "line 2:4: text after the closing quote; a quote inside a quoted field is written \"\"");
  EXPECT_EQ(reader.error().line, 2);
  EXPECT_EQ(reader.error().column, 4);
  EXPECT_FALSE(reader.Next().ok());  // stops at the first error
}

}  // namespace
}  // namespace tertial::csv
