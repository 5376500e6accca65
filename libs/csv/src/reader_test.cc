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

// One byte of another encoding must never reach an event (proto3 refuses to parse it
// back, and every projection would stop): the reader refuses it where it stands.
TEST(CsvReader, RefusesBytesThatAreNotUtf8NamingLineColumnAndField) {
  EXPECT_EQ(
      FirstError("unit_id,name,parent_id,kind\nQR,F\x94rvaltning,,namnd\n"),
      "t.csv:2:5: name: byte \\x94 is not UTF-8; save the file as UTF-8 (tertial reads no other "
      "encoding)");
  // In a quoted field over lines, the line of the byte; columns count characters.
  EXPECT_EQ(FirstError("a,b\n\"Östra\nf\xE5r\",x\n"),
            "t.csv:3:2: a: byte \\xE5 is not UTF-8; save the file as UTF-8 (tertial reads no other "
            "encoding)");
  Reader reader(std::string_view("a\n\xFF\n"), "t.csv");
  ASSERT_TRUE(reader.Next().ok());
  EXPECT_FALSE(reader.Next().ok());
  EXPECT_EQ(reader.error().line, 2);
  EXPECT_EQ(reader.error().column, 1);
  EXPECT_EQ(reader.error().field, "a");
  // The field by the header's name, trimmed; in the header itself, and past the header's
  // last field, there is none to name.
  EXPECT_EQ(FirstError("x; \"y;z\" ;w\n1;\"2;3\";f\xE5\n"),
            "t.csv:2:10: w: byte \\xE5 is not UTF-8; save the file as UTF-8 (tertial reads no "
            "other encoding)");
  EXPECT_EQ(FirstError("a;b\n1;2;\"3\";\xE5\n").substr(0, 14), "t.csv:2:9: byt");
  EXPECT_EQ(FirstError("a,b\xE5\n").substr(0, 13), "t.csv:1:4: by");
  // From a stream too (the ledger's imports read one).
  std::istringstream in("unit_id,name\nQR,\xC3\x28\n");
  Reader streamed(&in, "units.csv");
  ASSERT_TRUE(streamed.Next().ok());
  auto bad = streamed.Next();
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(
      bad.status().message(),
      "units.csv:2:4: name: byte \\xC3 is not UTF-8; save the file as UTF-8 (tertial reads no "
      "other encoding)");
}

TEST(CsvReader, RefusesControlCharactersButTabAndLineBreaks) {
  EXPECT_EQ(FirstError(std::string_view("a,b\nx,y\0z\n", 10)),
            "t.csv:2:4: b: control character U+0000; a CSV file holds no control characters but "
            "tab and line breaks");
  EXPECT_NE(FirstError("a,b\nx,\x1B[31m\n").find("t.csv:2:3: b: control character U+001B"),
            std::string::npos);
  EXPECT_NE(FirstError("a,b\nx,\xC2\x85\n").find("U+0085"), std::string::npos);  // C1
  EXPECT_EQ(ReadAll("a,b\n\"tab\there\",\"two\r\nlines\"\r\n")[1].fields,
            (Fields{"tab\there", "two\nlines"}));
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
