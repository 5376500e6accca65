#include "tertial/config/flags.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace tertial::config {
namespace {

TEST(FlagSet, ParsesTypedFlagsAndPositionals) {
  std::string dir;
  int64_t port = 0;
  bool verbose = false;
  std::vector<std::string> by;
  FlagSet flags("t");
  flags.String("data-dir", &dir, "dir");
  flags.Int("port", &port, "port");
  flags.Bool("verbose", &verbose, "v");
  flags.List("by", &by, "group");
  auto rest = flags.Parse({"import", "--data-dir", "/d", "--port=7", "--verbose", "--by",
                           "unit,account", "--by=month", "file.se"});
  ASSERT_TRUE(rest.ok()) << rest.status();
  EXPECT_EQ(*rest, (std::vector<std::string>{"import", "file.se"}));
  EXPECT_EQ(dir, "/d");
  EXPECT_EQ(port, 7);
  EXPECT_TRUE(verbose);
  EXPECT_EQ(by, (std::vector<std::string>{"unit", "account", "month"}));
  EXPECT_TRUE(flags.IsSet("port"));
}

TEST(FlagSet, RejectsUnknownFlagsAndBadValues) {
  int64_t port = 0;
  FlagSet flags("t");
  flags.Int("port", &port, "port");
  EXPECT_FALSE(flags.Parse({"--prot=1"}).ok());
  EXPECT_FALSE(flags.Parse({"--port=x"}).ok());
  EXPECT_FALSE(flags.Parse({"--port"}).ok());
}

TEST(FlagSet, FallsBackToEnvironmentAndMasksSecrets) {
  std::string token, dir;
  FlagSet flags("t");
  flags.String("token", &token, "t", {.env = "TERTIAL_TEST_TOKEN", .secret = true});
  flags.String("data-dir", &dir, "d", {.required = true});
  setenv("TERTIAL_TEST_TOKEN", "s3cret", 1);
  EXPECT_FALSE(flags.Parse({}).ok());  // --data-dir is required
  ASSERT_TRUE(flags.Parse({"--data-dir=/x"}).ok());
  EXPECT_EQ(token, "s3cret");
  EXPECT_EQ(flags.Describe(), "--token=**** --data-dir=/x");
  unsetenv("TERTIAL_TEST_TOKEN");
}

TEST(FlagSet, UsageListsEveryFlagAndEnvironmentSettingWithItsDefault) {
  std::string listen = "127.0.0.1:50551", dir, token = "secret-default", config;
  int64_t limit = 0;
  bool insecure = false;
  FlagSet flags("tertiald");
  flags.String("data-dir", &dir, "where the data lives",
               {.env = "TERTIAL_DATA_DIR", .required = true});
  flags.String("listen", &listen, "gRPC address", {.env = "TERTIAL_LISTEN"});
  flags.Bool("insecure", &insecure, "serve open");
  flags.String("token", &token, "bearer token", {.secret = true});
  flags.String("actor", &dir, "who acts", {.default_text = "$USER"});
  flags.EnvString("TERTIAL_KAFKA_CONFIG", &config, "librdkafka properties");
  flags.EnvInt("TERTIAL_KAFKA_MAX_BATCH_BYTES", &limit, "largest batch");
  std::string usage = flags.Usage();
  EXPECT_NE(usage.find("--data-dir=VALUE"), std::string::npos) << usage;
  EXPECT_NE(usage.find("[$TERTIAL_DATA_DIR] required"), std::string::npos) << usage;
  EXPECT_NE(usage.find("[$TERTIAL_LISTEN] default 127.0.0.1:50551"), std::string::npos) << usage;
  EXPECT_NE(usage.find("--insecure "), std::string::npos) << usage;
  EXPECT_NE(usage.find("default false"), std::string::npos) << usage;
  EXPECT_EQ(usage.find("secret-default"), std::string::npos) << usage;
  EXPECT_NE(usage.find("default $USER"), std::string::npos) << usage;
  EXPECT_NE(usage.find("environment only:\n  [$TERTIAL_KAFKA_CONFIG]"), std::string::npos) << usage;
  EXPECT_NE(usage.find("$TERTIAL_KAFKA_MAX_BATCH_BYTES"), std::string::npos) << usage;
}

TEST(FlagSet, EnvironmentOnlySettingsAreReadButAreNoFlags) {
  std::string config;
  int64_t limit = 0;
  FlagSet flags("t");
  flags.EnvString("TERTIAL_TEST_KAFKA_CONFIG", &config, "properties");
  flags.EnvInt("TERTIAL_TEST_LIMIT", &limit, "limit");
  setenv("TERTIAL_TEST_KAFKA_CONFIG", "a=b", 1);
  setenv("TERTIAL_TEST_LIMIT", "42", 1);
  ASSERT_TRUE(flags.Parse({}).ok());
  EXPECT_EQ(config, "a=b");
  EXPECT_EQ(limit, 42);
  EXPECT_EQ(flags.Describe(), "$TERTIAL_TEST_KAFKA_CONFIG=a=b $TERTIAL_TEST_LIMIT=42");
  EXPECT_FALSE(flags.Parse({"--TERTIAL_TEST_LIMIT=1"}).ok());
  EXPECT_FALSE(flags.Parse({"--=1"}).ok());
  setenv("TERTIAL_TEST_LIMIT", "many", 1);
  FlagSet again("t");
  again.EnvInt("TERTIAL_TEST_LIMIT", &limit, "limit");
  absl::StatusOr<std::vector<std::string>> bad = again.Parse({});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("$TERTIAL_TEST_LIMIT: 'many'"), std::string::npos)
      << bad.status();
  unsetenv("TERTIAL_TEST_KAFKA_CONFIG");
  unsetenv("TERTIAL_TEST_LIMIT");
}

// A value that enters a request must be UTF-8: sent as it is, proto3 would refuse the
// whole request on the server, which could only answer with an empty error.
TEST(FlagSet, RefusesTextThatIsNotUtf8NamingTheFlagButTakesAnyPath) {
  std::string reason, file;
  std::vector<std::string> units;
  FlagSet flags("t");
  flags.String("reason", &reason, "r", {.env = "TERTIAL_TEST_REASON"});
  flags.List("unit", &units, "u");
  flags.String("file", &file, "f", {.path = true});
  absl::StatusOr<std::vector<std::string>> parsed = flags.Parse({"--reason", "Sk\xF6rd"});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(),
            "--reason: byte \\xF6 at character 3 is not UTF-8; text must be UTF-8 (is the "
            "terminal set to UTF-8?)");
  EXPECT_FALSE(flags.Parse({"--unit=K\xC5S"}).ok());
  ASSERT_TRUE(flags.Parse({"--reason=Skörd", "--file=/tmp/F\xF6rvaltning.csv"}).ok());
  EXPECT_EQ(reason, "Skörd");
  EXPECT_EQ(file, "/tmp/F\xF6rvaltning.csv");
  setenv("TERTIAL_TEST_REASON", "\xFF", 1);
  FlagSet from_env("t");
  from_env.String("reason", &reason, "r", {.env = "TERTIAL_TEST_REASON"});
  parsed = from_env.Parse({});
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("(from $TERTIAL_TEST_REASON)"), absl::string_view::npos);
  unsetenv("TERTIAL_TEST_REASON");
}

}  // namespace
}  // namespace tertial::config
