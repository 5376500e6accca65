#include "tertial/json/json.h"

#include <gtest/gtest.h>

namespace tertial::json {
namespace {

TEST(JsonTest, KeepsNumbersExactlyAsWritten) {
  auto v = Parse(R"({"a": 12345678901234567, "b": [1.50, "x\u00e5"], "c": null})", "t.json");
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->Find("a")->text, "12345678901234567");
  EXPECT_EQ(v->Find("b")->items[0].text, "1.50");
  EXPECT_EQ(v->Find("b")->items[1].text, "x\xC3\xA5");
  EXPECT_EQ(v->Find("c")->type, Type::kNull);
}

TEST(JsonTest, ErrorsNameLineAndColumn) {
  auto v = Parse("{\n  \"a\": 1,\n  \"b\" 2\n}", "figures.json");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().message(), "figures.json:3:7: expected ':' after the field name");
  ParseError error;
  EXPECT_FALSE(Parse("[\n  1,\n  \u00e5]", "x.json", &error).ok());
  EXPECT_EQ(error.line, 3);
  EXPECT_EQ(error.column, 3);
  EXPECT_EQ(error.message, "expected a value (object, array, string, number, true, false or null)");
}

TEST(JsonTest, RejectsDuplicateFieldsAndTrailingGarbage) {
  EXPECT_FALSE(Parse(R"({"a": 1, "a": 2})", "t").ok());
  EXPECT_FALSE(Parse(R"({"a": 1} x)", "t").ok());
}

std::string ErrorOf(std::string_view text) {
  auto v = Parse(text, "t.json");
  return v.ok() ? "accepted" : std::string(v.status().message());
}

TEST(JsonTest, ReadsAllOfJsonsNumbersAsWritten) {
  auto v = Parse(R"([1e5, -0.5E-3, 0, 8.92e+1])", "t");
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->items[0].text, "1e5");
  EXPECT_EQ(v->items[1].text, "-0.5E-3");
  EXPECT_EQ(v->items[3].text, "8.92e+1");
}

// What YAML (which read Kolada's JSON before) accepts but JSON does not.
TEST(JsonTest, RefusesWhatIsNotJson) {
  EXPECT_EQ(ErrorOf("{a: 1}"), "t.json:1:2: expected a field name in double quotes");
  EXPECT_EQ(ErrorOf("{'a': 1}"), "t.json:1:2: expected a field name in double quotes");
  EXPECT_EQ(ErrorOf("[1, 2,]"),
            "t.json:1:7: expected a value (object, array, string, number, true, false or null)");
  EXPECT_EQ(ErrorOf("# note\n[]"),
            "t.json:1:1: expected a value (object, array, string, number, true, false or null)");
  EXPECT_EQ(ErrorOf("values: []"),
            "t.json:1:1: expected a value (object, array, string, number, true, false or null)");
  EXPECT_EQ(ErrorOf("[01]"), "t.json:1:2: expected a number without leading zeros");
  EXPECT_EQ(ErrorOf("[1.]"), "t.json:1:4: expected digits after the decimal point");
  EXPECT_EQ(ErrorOf("[.5]"),
            "t.json:1:2: expected a value (object, array, string, number, true, false or null)");
  EXPECT_EQ(ErrorOf("[1e]"), "t.json:1:4: expected digits in the exponent");
  EXPECT_EQ(
      ErrorOf("[\"a\tb\"]"),
      "t.json:1:4: expected no control character inside a string (write \\t, \\n or \\u00XX)");
  EXPECT_EQ(ErrorOf("[\"56\xA4\"]"), "t.json:1:5: expected UTF-8 text (save the file as UTF-8)");
  EXPECT_EQ(ErrorOf("[\"\\ud83d\"]"),
            "t.json:1:9: expected a low surrogate (\\uDC00-\\uDFFF) after a high one");
  EXPECT_EQ(ErrorOf("[True]"),
            "t.json:1:2: expected a value (object, array, string, number, true, false or null)");
}

TEST(JsonTest, DecodesEscapesToUtf8) {
  auto v = Parse(R"(["\u00e5\u2212\ud83d\ude00\/\"", "n\u00e4mnd"])", "t");
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->items[0].text, "\xC3\xA5\xE2\x88\x92\xF0\x9F\x98\x80/\"");
  EXPECT_EQ(v->items[1].text, "n\xC3\xA4mnd");
  EXPECT_EQ(v->items[1].column, 34);
}

TEST(JsonTest, QuoteEscapesWhatJsonRequires) {
  EXPECT_EQ(Quote("a\"b\\c\n\x01 \xC3\xA5"), "\"a\\\"b\\\\c\\n\\u0001 \xC3\xA5\"");
}

TEST(JsonTest, WriterNestsAndEscapes) {
  std::string out;
  Writer w(&out);
  w.BeginObject();
  w.Key("s");
  w.String("a\"b\n");
  w.Key("list");
  w.BeginArray();
  w.Int(-5);
  w.RawNumber("8.92");
  w.Null();
  w.EndArray();
  w.EndObject();
  EXPECT_EQ(out, R"({"s":"a\"b\n","list":[-5,8.92,null]})");
}

}  // namespace
}  // namespace tertial::json
