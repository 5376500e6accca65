#include "tertial/base/ids.h"

#include <gtest/gtest.h>

#include <string>

namespace tertial::ids {
namespace {

TEST(IdsTest, AcceptsTheIdsOfTheDemoTheSeedAndRealSieFiles) {
  for (const char* id :
       {"KS", "KLF", "KSGEM", "0580", "P100", "SIMHALL", "hr-resurser", "attraktivt-tryggt", "a_b",
        "v1.2", "+00000", "Å1", "┼1", "Överförmyndare", "é", "Ω", "漢"}) {
    EXPECT_TRUE(IsId(id)) << id << ": " << Problem(id);
  }
  EXPECT_TRUE(IsId(std::string(100, 'A')));
}

TEST(IdsTest, RefusesWhatCouldLeaveADirectoryOrIsNotAName) {
  for (const char* id :
       {"",         ".",        "..",       "../../../x", ".hidden",      "A/B",
        "/etc",     "a\\b",     "A B",      "a:b",        "a\tb",         "KS\n",
        "x×y",      "\xFF",     "~",        "a*",         "%2e%2e",       "a\u00A0b",
        "a\u2215b", "a\u202Eb", "a\u200Bb", "a\uFF0Fb",   "\uFF0E\uFF0E", "a\u3000b"}) {
    EXPECT_FALSE(IsId(id)) << id;
  }
  EXPECT_FALSE(IsId(std::string(101, 'A')));
}

TEST(IdsTest, TheErrorNamesThePlaceTheIdTheCharacterAndTheGrammar) {
  absl::Status s = Check("A/B", "units.csv:3: unit_id");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(s.message()),
            std::string("units.csv:3: unit_id: 'A/B' is not an id: '/' at character 2 is not "
                        "allowed in an id; expected ") +
                std::string(Expected()));
  EXPECT_NE(std::string(Check("..", "board").message()).find("starts with '.'"), std::string::npos);
  EXPECT_NE(std::string(Check("a\tb", "x").message()).find("U+0009 at character 2"),
            std::string::npos);
  EXPECT_TRUE(Check("KS", "board").ok());
}

TEST(IdsTest, FileNamePartKeepsIdsAndMakesAnythingElseOne) {
  EXPECT_EQ(FileNamePart("KS"), "KS");
  EXPECT_EQ(FileNamePart("Å1"), "Å1");
  EXPECT_EQ(FileNamePart("../../.."), "_._.._..");
  EXPECT_EQ(FileNamePart("A/B"), "A_B");
  EXPECT_EQ(FileNamePart("."), "_");
  EXPECT_EQ(FileNamePart(""), "_");
  EXPECT_EQ(FileNamePart("a\xFF"
                         "b"),
            "a_b");
  EXPECT_EQ(FileNamePart(std::string(300, 'x')).size(), 100u);
  for (const char* text : {"../../..", "/", ".", "..", "A B", "\xC3", "a:b"}) {
    EXPECT_TRUE(IsId(FileNamePart(text))) << text;
  }
}

}  // namespace
}  // namespace tertial::ids
