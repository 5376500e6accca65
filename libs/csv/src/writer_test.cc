#include "tertial/csv/writer.h"

#include <gtest/gtest.h>

#include "tertial/csv/reader.h"

namespace tertial::csv {
namespace {

TEST(CsvWriter, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(Field("KLS"), "KLS");
  EXPECT_EQ(Field("KS, ny simhall"), "\"KS, ny simhall\"");
  EXPECT_EQ(Field("12\" rör"), "\"12\"\" rör\"");
  EXPECT_EQ(Field("två\nrader"), "\"två\nrader\"");
  EXPECT_EQ(Field("a;b"), "a;b");
  EXPECT_EQ(Field("a;b", ';'), "\"a;b\"");
  EXPECT_EQ(Field(" 12"), "\" 12\"");
  EXPECT_EQ(Field(""), "");
}

TEST(CsvWriter, WhatItWritesReadsBackUnchanged) {
  std::vector<std::string> fields = {"KS, ny \"simhall\"", "", " x ", "två\nrader", "1 234,50"};
  for (char delimiter : {',', ';'}) {
    std::string text = Row({"a", "b", "c", "d", "e"}, delimiter) + Row(fields, delimiter);
    Reader reader(text, "w.csv");
    ASSERT_TRUE(reader.Next().ok());
    auto row = reader.Next();
    ASSERT_TRUE(row.ok() && row->has_value()) << row.status();
    EXPECT_EQ((*row)->fields, fields);
  }
}

}  // namespace
}  // namespace tertial::csv
