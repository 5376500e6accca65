#include "domain/csv.h"

#include <gtest/gtest.h>

namespace tertial::forecast {
namespace {

TEST(Csv, ReadsQuotedFieldsSemicolonsAndABom) {
  absl::StatusOr<CsvTable> t = ReadCsv(
      "\xEF\xBB\xBFunit_id;reason;amount\r\nKLS;\"Juridik; inga "
      "\"\"utredningar\"\"\";-1234,50\r\n\r\n"
      "EKS;\"två\nrader\";7\n",
      "a.csv");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->delimiter, ';');
  EXPECT_EQ(t->header, (std::vector<std::string>{"unit_id", "reason", "amount"}));
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0].line, 2);
  EXPECT_EQ(t->rows[0].fields,
            (std::vector<std::string>{"KLS", "Juridik; inga \"utredningar\"", "-1234,50"}));
  EXPECT_EQ(t->rows[1].line, 4);
  EXPECT_EQ(t->rows[1].fields[1], "två\nrader");
}

TEST(Csv, CommaDelimiterAndEmptyFields) {
  absl::StatusOr<CsvTable> t = ReadCsv("a,b,c\n1,,3", "b.csv");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->delimiter, ',');
  ASSERT_EQ(t->rows.size(), 1u);
  EXPECT_EQ(t->rows[0].fields, (std::vector<std::string>{"1", "", "3"}));
}

TEST(Csv, RejectsUnterminatedQuotesAndTextAfterAQuote) {
  absl::StatusOr<CsvTable> open = ReadCsv("a,b\n1,\"never closed\n", "c.csv");
  ASSERT_FALSE(open.ok());
  EXPECT_NE(open.status().message().find("c.csv:2"), std::string_view::npos) << open.status();
  absl::StatusOr<CsvTable> after = ReadCsv("a,b\n1,\"x\"y\n", "d.csv");
  ASSERT_FALSE(after.ok());
  EXPECT_NE(after.status().message().find("d.csv:2"), std::string_view::npos) << after.status();
  EXPECT_FALSE(ReadCsv("", "e.csv").ok());
}

}  // namespace
}  // namespace tertial::forecast
