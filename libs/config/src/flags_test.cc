#include "tertial/config/flags.h"

#include <cstdlib>

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace tertial::config
