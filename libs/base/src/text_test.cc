#include "tertial/base/text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace tertial::text {
namespace {

using ::testing::HasSubstr;

TEST(Text, AcceptsSwedishTextAndMultiLineParagraphs) {
  EXPECT_TRUE(Check("Övningsbolaget AB – kvarvarande 5½ %", Kind::kLine, "name").ok());
  EXPECT_TRUE(Check("Rad ett\r\nrad två\n\tindrag", Kind::kParagraph, "reason").ok());
  EXPECT_TRUE(Check("", Kind::kLine, "name").ok());
}

TEST(Text, RefusesBytesThatAreNotUtf8NamingTheByteAndPlace) {
  absl::Status s = Check("F\x94rvaltning", Kind::kLine, "name");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "name: byte \\x94 at character 2 is not UTF-8; text must be UTF-8");
  s = Check("rad ett\nrad tv\xE5", Kind::kParagraph, "--reason");
  EXPECT_THAT(std::string(s.message()), HasSubstr("line 2, column 7 (character 15)"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("\\xE5"));
  // Truncated and overlong sequences and surrogates are not UTF-8 either.
  EXPECT_FALSE(Check("\xE2\x82", Kind::kLine, "x").ok());
  EXPECT_FALSE(Check("\xC0\xAF", Kind::kLine, "x").ok());
  EXPECT_FALSE(Check("\xED\xA0\x80", Kind::kLine, "x").ok());
}

TEST(Text, RefusesControlCharactersByKind) {
  EXPECT_EQ(Check(std::string("a\0b", 3), Kind::kParagraph, "comment").message(),
            "comment: control character U+0000 at character 2; text holds no control "
            "characters but tab and line breaks");
  EXPECT_THAT(std::string(Check("a\nb", Kind::kLine, "name").message()),
              HasSubstr("U+000A at character 2; a line of text holds no control characters"));
  EXPECT_FALSE(Check("a\tb", Kind::kLine, "name").ok());
  EXPECT_FALSE(Check("a\x1b[31mb", Kind::kDocument, "markdown").ok());  // ESC
  EXPECT_FALSE(Check("a\x7f", Kind::kParagraph, "reason").ok());        // DEL
  EXPECT_FALSE(Check("a\xC2\x96", Kind::kParagraph, "reason").ok());    // C1 U+0096
  EXPECT_TRUE(Check("a\xC2\xA0z", Kind::kLine, "name").ok());           // no-break space
}

TEST(Text, RefusesTextOverItsKindsLimitNamingTheLimitAndHowToRaiseIt) {
  Limits limits;
  limits.line_chars = 5;
  EXPECT_TRUE(Check("ÅÄÖåä", Kind::kLine, "name", limits).ok());  // characters, not bytes
  absl::Status s = Check("ÅÄÖåäö", Kind::kLine, "name", limits);
  EXPECT_EQ(s.message(),
            "name: 6 characters, more than the 5 a line of text may hold (--max-line-chars, "
            "TERTIAL_MAX_LINE_CHARS)");
  EXPECT_TRUE(Check(std::string(10'000, 'x'), Kind::kParagraph, "reason").ok());
  EXPECT_FALSE(Check(std::string(10'001, 'x'), Kind::kParagraph, "reason").ok());
}

}  // namespace
}  // namespace tertial::text
