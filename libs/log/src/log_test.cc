#include "tertial/log/log.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "tertial/json/json.h"

namespace tertial::log {
namespace {

// 2024-05-02T09:14:03.118Z
constexpr int64_t kMicros = 1714641243118000;

TEST(LogTest, JsonLineHasTheFixedKeysAndTypedFields) {
  std::vector<Field> fields = {{"port", 50551},
                               {"data_dir", "/var/lib/tertial"},
                               {"ratio", 0.5},
                               {"tls", false},
                               {"bytes", uint64_t{18446744073709551615u}}};
  std::string line =
      FormatLine(Format::kJson, kMicros, Level::kInfo, "tertiald", "serving", fields);
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  absl::StatusOr<json::Value> value = json::Parse(line, "line");
  ASSERT_TRUE(value.ok()) << value.status() << "\n" << line;
  ASSERT_EQ(value->fields.size(), 5u);
  EXPECT_EQ(value->fields[0].first, "timestamp");
  EXPECT_EQ(value->fields[0].second.text, "2024-05-02T09:14:03.118Z");
  EXPECT_EQ(value->Find("level")->text, "info");
  EXPECT_EQ(value->Find("service")->text, "tertiald");
  EXPECT_EQ(value->Find("message")->text, "serving");
  const json::Value* f = value->Find("fields");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->Find("port")->type, json::Type::kNumber);
  EXPECT_EQ(f->Find("port")->text, "50551");
  EXPECT_EQ(f->Find("data_dir")->text, "/var/lib/tertial");
  EXPECT_EQ(f->Find("ratio")->text, "0.5");
  EXPECT_EQ(f->Find("tls")->type, json::Type::kBool);
  EXPECT_EQ(f->Find("bytes")->text, "18446744073709551615");
}

TEST(LogTest, JsonLineEscapesQuotesNewlinesAndBadUtf8) {
  std::vector<Field> fields = {{"file", std::string_view("bad\xff\"name\"\n.se")}};
  std::string line = FormatLine(Format::kJson, kMicros, Level::kError, "tertial-ledger",
                                "import \"x\" failed\nsecond line", fields);
  EXPECT_EQ(line.find('\n'), line.size() - 1) << line;
  absl::StatusOr<json::Value> value = json::Parse(line, "line");
  ASSERT_TRUE(value.ok()) << value.status() << "\n" << line;
  EXPECT_EQ(value->Find("message")->text, "import \"x\" failed\nsecond line");
  EXPECT_EQ(value->Find("fields")->Find("file")->text, "bad\\xFF\"name\"\n.se");
  EXPECT_EQ(value->Find("level")->text, "error");
}

TEST(LogTest, JsonLineWithoutFieldsHasNoFieldsKey) {
  std::string line = FormatLine(Format::kJson, kMicros, Level::kWarning, "t", "m", {});
  EXPECT_EQ(line,
            "{\"timestamp\":\"2024-05-02T09:14:03.118Z\",\"level\":\"warning\",\"service\":\"t\","
            "\"message\":\"m\"}\n");
}

TEST(LogTest, TextLineQuotesOnlyValuesThatNeedIt) {
  std::vector<Field> fields = {{"port", 50551},
                               {"dir", "/data"},
                               {"reason", "two words"},
                               {"empty", ""},
                               {"error", absl::UnavailableError("broker down")}};
  std::string line =
      FormatLine(Format::kText, kMicros, Level::kWarning, "tertiald", "multi\nline", fields);
  EXPECT_EQ(line,
            "2024-05-02T09:14:03.118Z WARN  tertiald: multi line port=50551 dir=/data "
            "reason=\"two words\" empty=\"\" error=\"UNAVAILABLE: broker down\"\n");
}

TEST(LogTest, LevelsFilterAndParse) {
  std::vector<std::string> lines;
  Configure({.service = "test",
             .level = Level::kWarning,
             .format = Format::kJson,
             .sink = [&](std::string_view line) { lines.emplace_back(line); }});
  Debug("d");
  Info("i");
  Warning("w", {{"k", 1}});
  Error("e");
  EXPECT_FALSE(Enabled(Level::kInfo));
  EXPECT_TRUE(Enabled(Level::kError));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find("\"message\":\"w\""), std::string::npos);
  EXPECT_NE(lines[1].find("\"level\":\"error\""), std::string::npos);

  Configure({.service = "test", .level = Level::kOff, .sink = [&](std::string_view line) {
               lines.emplace_back(line);
             }});
  Error("nothing");
  EXPECT_EQ(lines.size(), 2u);

  EXPECT_EQ(*ParseLevel("warn"), Level::kWarning);
  EXPECT_EQ(*ParseLevel("debug"), Level::kDebug);
  EXPECT_FALSE(ParseLevel("verbose").ok());
  EXPECT_EQ(*ParseFormat("text"), Format::kText);
  EXPECT_FALSE(ParseFormat("xml").ok());
  Configure({});
}

TEST(LogTest, LinesFromManyThreadsStayWhole) {
  std::vector<std::string> lines;
  Configure({.service = "test", .level = Level::kInfo, .sink = [&](std::string_view line) {
               lines.emplace_back(line);
             }});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < 200; ++i) Info("event", {{"thread", t}, {"i", i}});
    });
  }
  for (std::thread& thread : threads) thread.join();
  Configure({});
  ASSERT_EQ(lines.size(), 800u);
  for (const std::string& line : lines) {
    ASSERT_TRUE(json::Parse(line, "line").ok()) << line;
  }
}

}  // namespace
}  // namespace tertial::log
