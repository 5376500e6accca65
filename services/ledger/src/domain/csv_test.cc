#include "domain/csv.h"

#include <gtest/gtest.h>

#include <sstream>

namespace tertial::ledger {
namespace {

std::vector<std::vector<std::string>> ReadAll(const std::string& text) {
  std::istringstream in(text);
  CsvReader reader(&in);
  std::vector<std::vector<std::string>> rows;
  for (;;) {
    auto record = reader.Next();
    EXPECT_TRUE(record.ok()) << record.status();
    if (!record.ok() || !record->has_value()) break;
    rows.push_back((*record)->fields);
  }
  return rows;
}

TEST(CsvReaderTest, SplitsOnTheHeadersFirstDelimiter) {
  auto rows = ReadAll("a;b,c;d\n1;2,5;3\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "b,c", "d"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"1", "2,5", "3"}));
}

TEST(CsvReaderTest, SkipsBomEmptyLinesAndCarriageReturns) {
  auto rows = ReadAll("\xEF\xBB\xBFunit_id,name\r\n\r\nKLS,Kommunledningsstaben\r\n   \n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "unit_id");
  EXPECT_EQ(rows[1][1], "Kommunledningsstaben");
}

TEST(CsvReaderTest, UnquotesDoubledQuotesAndKeepsDelimitersInside) {
  auto rows = ReadAll("a,b\n\"KS, ny \"\"simhall\"\"\",\"\"\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][0], "KS, ny \"simhall\"");
  EXPECT_EQ(rows[1][1], "");
}

TEST(CsvReaderTest, QuotedFieldMaySpanLines) {
  std::istringstream in("a,b\n\"two\nlines\",x\nnext,row\n");
  CsvReader reader(&in);
  ASSERT_TRUE(reader.Next().ok());
  auto record = reader.Next();
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->fields[0], "two\nlines");
  EXPECT_EQ((*record)->line, 2);
  auto after = reader.Next();
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_EQ((*after)->line, 4);
}

TEST(CsvReaderTest, RejectsUnterminatedQuoteNamingTheLine) {
  std::istringstream in("a,b\n\"open,x\n");
  CsvReader reader(&in);
  ASSERT_TRUE(reader.Next().ok());
  auto record = reader.Next();
  ASSERT_FALSE(record.ok());
  EXPECT_NE(record.status().message().find("line 2"), std::string::npos);
}

TEST(CsvReaderTest, RejectsTextAfterClosingQuote) {
  std::istringstream in("a,b\n\"x\"y,z\n");
  CsvReader reader(&in);
  ASSERT_TRUE(reader.Next().ok());
  EXPECT_FALSE(reader.Next().ok());
}

}  // namespace
}  // namespace tertial::ledger
