#include "json.h"

#include <gtest/gtest.h>

namespace tertial::reporting::json {
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
}

TEST(JsonTest, RejectsDuplicateFieldsAndTrailingGarbage) {
  EXPECT_FALSE(Parse(R"({"a": 1, "a": 2})", "t").ok());
  EXPECT_FALSE(Parse(R"({"a": 1} x)", "t").ok());
  EXPECT_FALSE(Parse(R"({"a": 1e5})", "t").ok());
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
}  // namespace tertial::reporting::json
