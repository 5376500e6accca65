#include "tertial/sie/cp437.h"

#include <string>

#include "gtest/gtest.h"

namespace tertial::sie {
namespace {

std::string Decode(std::string_view cp437) {
  std::string out;
  AppendCp437AsUtf8(cp437, &out);
  return out;
}

TEST(Cp437Test, DecodesSwedishLetters) {
  EXPECT_EQ(Decode("\x86\x84\x94\x8F\x8E\x99\x82"), "åäöÅÄÖé");
  EXPECT_EQ(Decode("Kassa och bank"), "Kassa och bank");
  EXPECT_EQ(Decode("\x9A\x81"), "Üü");
}

TEST(Cp437Test, DecodesTheBoxDrawingAndGreekPart) { EXPECT_EQ(Decode("\xC4\xE1\xFF"), "─ß\u00A0"); }

TEST(Cp437Test, EveryByteRoundTrips) {
  for (int b = 0; b < 256; ++b) {
    std::string one(1, static_cast<char>(b));
    std::string utf8 = Decode(one);
    EXPECT_TRUE(IsValidUtf8(utf8)) << b;
    std::string back;
    ASSERT_TRUE(AppendUtf8AsCp437(utf8, &back).ok()) << b;
    EXPECT_EQ(back, one) << b;
  }
}

TEST(Cp437Test, EncodesSwedishLetters) {
  std::string out;
  ASSERT_TRUE(AppendUtf8AsCp437("Försäljning Åre é", &out).ok());
  EXPECT_EQ(out, "F\x94rs\x84ljning \x8Fre \x82");
}

TEST(Cp437Test, RefusesCharactersCp437DoesNotHave) {
  std::string out = "kept";
  absl::Status s = AppendUtf8AsCp437("100 €", &out);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("U+20AC"), std::string::npos) << s.message();
  EXPECT_EQ(out, "kept");
}

TEST(Cp437Test, RefusesInvalidUtf8) {
  std::string out;
  EXPECT_FALSE(AppendUtf8AsCp437("F\xF6retag", &out).ok());  // Latin-1, not UTF-8
  EXPECT_FALSE(AppendUtf8AsCp437("\xC3", &out).ok());        // truncated sequence
  EXPECT_FALSE(AppendUtf8AsCp437("\xC0\xB6", &out).ok());    // overlong
}

TEST(Cp437Test, ValidatesUtf8) {
  EXPECT_TRUE(IsValidUtf8("Övningsbolaget"));
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_FALSE(IsValidUtf8("\x99vningsbolaget"));  // CP437 'Ö'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));       // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));   // past U+10FFFF
}

}  // namespace
}  // namespace tertial::sie
