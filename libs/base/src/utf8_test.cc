#include "tertial/base/utf8.h"

#include <gtest/gtest.h>

namespace tertial {
namespace {

TEST(Utf8, TakesTheWholeCodePoint) {
  EXPECT_EQ(Utf8CharAt("56\xE2\x82\xAC", 2), "\xE2\x82\xAC");  // €
  EXPECT_EQ(Utf8CharAt("5\xC2\xBD", 1), "\xC2\xBD");           // ½
  EXPECT_EQ(Utf8CharAt("a\xF0\x9F\x98\x80", 1), "\xF0\x9F\x98\x80");
  EXPECT_EQ(Utf8CharAt("x", 0), "x");
}

TEST(Utf8, WritesBrokenBytesAsHex) {
  EXPECT_EQ(Utf8CharAt("5\xBD", 1), "\\xBD");                // a stray continuation byte
  EXPECT_EQ(Utf8CharAt("\xE2\x82", 0), "\\xE2");             // truncated
  EXPECT_EQ(ValidUtf8("56\xA4 kr"), "56\\xA4 kr");           // Latin-9 euro sign
  EXPECT_EQ(ValidUtf8("\xC0\xAF"), "\\xC0\\xAF");            // overlong '/'
  EXPECT_EQ(ValidUtf8("\xED\xA0\x80"), "\\xED\\xA0\\x80");   // a surrogate
  EXPECT_EQ(ValidUtf8("Ökaa 5\xC2\xBD"), "Ökaa 5\xC2\xBD");  // valid stays as it is
}

TEST(Utf8, ValidatesWholeTexts) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(
      IsValidUtf8("r\xC3\xA4kenskap \xE2\x88\x92"
                  "5"));
  EXPECT_FALSE(IsValidUtf8("56\xE2\x82"));
  // Past the eight-byte ASCII steps, and between them.
  EXPECT_EQ(FirstInvalidUtf8("abcdefghijklmnop\xFF"), 16u);
  EXPECT_EQ(FirstInvalidUtf8("abcdefg\xC3\xA4hijklmnopq\x80rs"), 19u);
  EXPECT_EQ(FirstInvalidUtf8("abcdefgh\xC3\xA4ijklmnop"), std::string_view::npos);
  EXPECT_FALSE(IsValidUtf8("\xF5\x80\x80\x80"));
  EXPECT_EQ(FirstInvalidUtf8("\xC3\xA5r 56\xA4"), 6u);
  EXPECT_EQ(FirstInvalidUtf8("\xC3\xA5r"), std::string_view::npos);
}

}  // namespace
}  // namespace tertial
