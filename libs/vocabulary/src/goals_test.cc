#include "tertial/vocabulary/goals.h"

#include <gtest/gtest.h>

#include "tertial/money/decimal_proto.h"

namespace tertial::goals {
namespace {

pb::IndicatorValue V(std::string_view text) {
  auto v = ParseValue(text);
  EXPECT_TRUE(v.ok()) << text << ": " << v.status();
  return v.ok() ? *v : pb::IndicatorValue();
}

TEST(ParseValue, ReadsEveryCellOfTheSeed) {
  pb::IndicatorValue v = V("2,40");
  ASSERT_TRUE(v.has_number());
  EXPECT_EQ(FormatValue(v), "2,40");
  EXPECT_EQ(v.printed(), "2,40");

  v = V("I.U.");
  ASSERT_TRUE(v.has_no_data());
  EXPECT_EQ(v.no_data().reason(), pb::NO_DATA_REASON_NOT_AVAILABLE);

  v = V("I.U. (genomförs hösten 2021)");
  ASSERT_TRUE(v.has_no_data());
  EXPECT_EQ(v.note(), "genomförs hösten 2021");

  v = V("98–100");
  ASSERT_TRUE(v.has_range());
  EXPECT_EQ(v.range().low().units(), 98);
  EXPECT_EQ(v.range().high().units(), 100);
  EXPECT_EQ(FormatValue(v), "98–100");

  v = V("2018: 74 %");
  ASSERT_TRUE(v.has_number());
  EXPECT_EQ(v.number().units(), 74);
  EXPECT_EQ(v.measured_year(), 2018);
  EXPECT_EQ(v.printed(), "2018: 74 %");

  v = V("1 940 (per 1 april)");
  ASSERT_TRUE(v.has_number());
  EXPECT_EQ(v.number().units(), 1940);
  EXPECT_EQ(v.note(), "per 1 april");
  EXPECT_EQ(FormatValue(v), "1 940 (per 1 april)");

  v = V("48 [4]");
  EXPECT_EQ(v.number().units(), 48);
  ASSERT_EQ(v.footnotes_size(), 1);
  EXPECT_EQ(v.footnotes(0), 4);

  v = V("-30,5");
  EXPECT_EQ(v.number().units(), -305);
  v = V("98-100");
  EXPECT_TRUE(v.has_range());
}

TEST(ParseValue, RejectsWithAReason) {
  for (std::string_view bad : {"", "abc", "100–98", "5 (", "[x]", "12,3,4"}) {
    auto v = ParseValue(bad);
    EXPECT_FALSE(v.ok()) << bad;
  }
  EXPECT_NE(ParseValue("").status().message().find("I.U."), std::string::npos);
}

pb::Target T(std::string_view text, pb::Polarity polarity = pb::POLARITY_UNSPECIFIED) {
  auto t = ParseTarget(text, polarity);
  EXPECT_TRUE(t.ok()) << text << ": " << t.status();
  return t.ok() ? *t : pb::Target();
}

// Review 5.1: the message quoted half of the first non-ASCII character, which made the
// import's reply unserializable. The whole character is quoted now.
TEST(ParseValue, RejectsValueWithNonAsciiCharacterNamingTheCharacter) {
  auto euro = ParseValue("56\xE2\x82\xAC");
  ASSERT_FALSE(euro.ok());
  EXPECT_EQ(
      euro.status().message().rfind("value '56\xE2\x82\xAC': '56\xE2\x82\xAC' is not a number: "
                                    "unexpected '\xE2\x82\xAC'",
                                    0),
      0u)
      << euro.status();
  auto half = ParseValue("5\xC2\xBD");
  ASSERT_FALSE(half.ok());
  EXPECT_NE(half.status().message().find("unexpected '\xC2\xBD'"), std::string::npos)
      << half.status();
  auto target = ParseTarget("\xC3\x96kaa", pb::POLARITY_HIGHER_IS_BETTER);
  ASSERT_FALSE(target.ok());
  EXPECT_NE(target.status().message().find("unexpected '\xC3\x96'"), std::string::npos)
      << target.status();
}

TEST(ParseTarget, ReadsEveryForm) {
  EXPECT_EQ(T("< 23").comparison().comparator(), pb::COMPARATOR_LESS);
  EXPECT_EQ(T("<=3,2").comparison().comparator(), pb::COMPARATOR_LESS_OR_EQUAL);
  EXPECT_EQ(T("= 40 000").comparison().value().units(), 40000);
  EXPECT_EQ(T(">= 0").comparison().comparator(), pb::COMPARATOR_GREATER_OR_EQUAL);
  EXPECT_EQ(T("> 5").comparison().comparator(), pb::COMPARATOR_GREATER);
  EXPECT_EQ(T("mindre än 23").comparison().comparator(), pb::COMPARATOR_LESS);
  EXPECT_EQ(T("mindre än 23").comparison().value().units(), 23);
  EXPECT_EQ(T("högst 4,6").comparison().comparator(), pb::COMPARATOR_LESS_OR_EQUAL);
  EXPECT_EQ(T("minst 79").comparison().comparator(), pb::COMPARATOR_GREATER_OR_EQUAL);
  pb::Target none = T("ingen negativ avvikelse");
  EXPECT_EQ(none.comparison().comparator(), pb::COMPARATOR_GREATER_OR_EQUAL);
  EXPECT_EQ(none.comparison().value().units(), 0);
  EXPECT_EQ(T("Öka").direction().direction(), pb::DIRECTION_INCREASE);
  EXPECT_EQ(T("minska").direction().direction(), pb::DIRECTION_DECREASE);
  EXPECT_EQ(T("–").none().kind(), pb::NO_TARGET_KIND_NONE);
  EXPECT_EQ(T("I.U.").none().kind(), pb::NO_TARGET_KIND_NOT_AVAILABLE);
  pb::Target printed = T("9.7", pb::POLARITY_HIGHER_IS_BETTER);
  EXPECT_EQ(printed.comparison().comparator(), pb::COMPARATOR_GREATER_OR_EQUAL);
  EXPECT_EQ(money::FormatDecimal(money::DecimalFromProto(printed.comparison().value())), "9,7");
  EXPECT_EQ(printed.printed(), "9.7");
  pb::Target energy = T("150,0 [7]", pb::POLARITY_LOWER_IS_BETTER);
  EXPECT_EQ(energy.comparison().comparator(), pb::COMPARATOR_LESS_OR_EQUAL);
  ASSERT_EQ(energy.footnotes_size(), 1);
  EXPECT_EQ(energy.footnotes(0), 7);
}

TEST(FormatTarget, ForPeopleAndForPrograms) {
  EXPECT_EQ(FormatTarget(T("1,75", pb::POLARITY_HIGHER_IS_BETTER)), ">= 1,75");
  EXPECT_EQ(FormatTargetPlain(T("1,75", pb::POLARITY_HIGHER_IS_BETTER)), ">= 1.75");
  EXPECT_EQ(FormatTargetPlain(T("mindre än 2")), "< 2");
  EXPECT_EQ(FormatTargetPlain(T("öka")), "increase");
  EXPECT_EQ(FormatTargetPlain(T("–")), "");
  EXPECT_EQ(FormatTargetPlain(T("I.U.")), "I.U.");
}

TEST(ParseTarget, APlainNumberNeedsAPolarity) {
  auto t = ParseTarget("84", pb::POLARITY_UNSPECIFIED);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find(">= 84"), std::string::npos) << t.status();
}

TEST(ParsePeriod, ReadsMonthsAndYears) {
  auto p = ParsePeriod("2021-08");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->year(), 2021);
  EXPECT_EQ(p->month(), 8);
  EXPECT_EQ(FormatPeriod(*p), "2021-08");
  EXPECT_EQ(DescribePeriod(*p), "augusti 2021");
  p = ParsePeriod("2020");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->month(), 0);
  EXPECT_FALSE(ParsePeriod("2021-13").ok());
  EXPECT_FALSE(ParsePeriod("21-08").ok());
}

TEST(Names, AcceptSwedishWithAndWithoutDiacritics) {
  EXPECT_EQ(*ParseActivityStatus("pågår"), pb::ACTIVITY_STATUS_ONGOING);
  EXPECT_EQ(*ParseActivityStatus("pagar"), pb::ACTIVITY_STATUS_ONGOING);
  EXPECT_EQ(*ParseActivityStatus("Ej uppföljd"), pb::ACTIVITY_STATUS_NOT_FOLLOWED_UP);
  EXPECT_EQ(*ParseActivityStatus("ej_uppfoljd"), pb::ACTIVITY_STATUS_NOT_FOLLOWED_UP);
  EXPECT_EQ(*ParseAssessment("uppfylls delvis"), pb::ASSESSMENT_PARTLY_MET);
  EXPECT_EQ(*ParseAssessment("kan ej bedömas"), pb::ASSESSMENT_CANNOT_BE_ASSESSED);
  EXPECT_EQ(*ParseAssignmentStatus("Genomfört"), pb::ASSIGNMENT_STATUS_DONE);
  EXPECT_FALSE(ParseActivityStatus("klar").ok());
}

}  // namespace
}  // namespace tertial::goals
