// The CLI's routing: each command asks for its service's channel; --server serves as the
// address of all four, --<service>-server (or $TERTIAL_<SERVICE>_SERVER) overrides one.

#include "cli.h"

#include <gtest/gtest.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "tertial/base/text.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::cli {
namespace {

GlobalOptions Parse(const std::vector<std::string>& args) {
  GlobalOptions options;
  config::FlagSet flags("tertial test");
  AddGlobalFlags(flags, &options);
  auto rest = flags.Parse(args);
  EXPECT_TRUE(rest.ok()) << rest.status();
  return options;
}

// Sets an environment variable for one test and puts back what was there.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value == nullptr) {
      unsetenv(name);
    } else {
      setenv(name, value, 1);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(Actor, IsTheUserFromTheEnvironment) {
  ScopedEnv user("USER", "kajsa");
  EXPECT_EQ(Parse({}).actor, "kajsa");
  EXPECT_EQ(Parse({"--actor", "maria"}).actor, "maria");
}

TEST(Actor, WithoutUserIsLognameThenTheAccountNeverUnknown) {
  ScopedEnv user("USER", nullptr);
  {
    ScopedEnv logname("LOGNAME", "cron-jobb");
    EXPECT_EQ(Parse({}).actor, "cron-jobb");
  }
  ScopedEnv logname("LOGNAME", nullptr);
  const std::string actor = Parse({}).actor;
  EXPECT_NE(actor, "unknown");
  const passwd* account = getpwuid(geteuid());
  EXPECT_EQ(actor, account != nullptr ? std::string(account->pw_name)
                                      : "uid " + std::to_string(geteuid()));
}

TEST(Routing, ServerIsTheDefaultAndEachServiceMayHaveItsOwn) {
  GlobalOptions options = Parse({"--server", "tertiald:50051", "--forecast-server",
                                 "forecast:50051", "--reporting-server=reporting:50051"});
  ASSERT_TRUE(IsRemote(options));
  auto connection = Connection::Open(options);
  ASSERT_TRUE(connection.ok()) << connection.status();
  EXPECT_EQ((*connection)->where("ledger"), "tertiald:50051");
  EXPECT_EQ((*connection)->where("goals"), "tertiald:50051");
  EXPECT_EQ((*connection)->where("forecast"), "forecast:50051");
  EXPECT_EQ((*connection)->where("reporting"), "reporting:50051");
  auto ledger = (*connection)->channel("ledger");
  auto goals = (*connection)->channel("goals");
  auto forecast = (*connection)->channel("forecast");
  ASSERT_TRUE(ledger.ok() && goals.ok() && forecast.ok());
  EXPECT_EQ(*ledger, *goals) << "services at one address share a channel";
  EXPECT_NE(*ledger, *forecast);
}

TEST(Routing, EnvironmentGivesAServiceItsAddress) {
  setenv("TERTIAL_LEDGER_SERVER", "ledger.tertial:50051", 1);
  GlobalOptions options = Parse({});
  unsetenv("TERTIAL_LEDGER_SERVER");
  ASSERT_TRUE(IsRemote(options));
  auto connection = Connection::Open(options);
  ASSERT_TRUE(connection.ok()) << connection.status();
  EXPECT_EQ((*connection)->where("ledger"), "ledger.tertial:50051");
  EXPECT_TRUE((*connection)->channel("ledger").ok());
  // No --server and no address of its own: the error says what to give.
  auto goals = (*connection)->channel("goals");
  ASSERT_FALSE(goals.ok());
  EXPECT_EQ(goals.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(goals.status().message().find("--goals-server"), std::string::npos) << goals.status();
  EXPECT_NE(goals.status().message().find("TERTIAL_GOALS_SERVER"), std::string::npos);
  EXPECT_NE(goals.status().message().find("--server"), std::string::npos);
}

TEST(Routing, NoAddressMeansInProcessOnTheDataDirectory) {
  GlobalOptions options = Parse({});
  EXPECT_FALSE(IsRemote(options));
  auto connection = Connection::Open(options);
  ASSERT_FALSE(connection.ok());
  EXPECT_NE(connection.status().message().find("--data-dir"), std::string::npos);
}

TEST(Routing, RefusesHalfAClientCertificate) {
  GlobalOptions options = Parse({"--server", "x:1", "--tls-cert", "client.pem"});
  EXPECT_EQ(Connection::Open(options).status().code(), absl::StatusCode::kInvalidArgument);
}

// The in-process services take their limits from the same flags and variables as a
// server's: they used to be read from the environment inside libs/base, which no --help
// listed.
TEST(InProcess, TakesTheServersLimitsFromFlagsAndEnvironment) {
  testing::TempDir dir;
  setenv("TERTIAL_MAX_LINE_CHARS", "40", 1);
  GlobalOptions options = Parse({"--data-dir", dir.path(), "--max-paragraph-chars", "20"});
  unsetenv("TERTIAL_MAX_LINE_CHARS");
  auto connection = Connection::Open(options);
  ASSERT_TRUE(connection.ok()) << connection.status();
  EXPECT_EQ(text::CurrentLimits().paragraph_chars, 20);
  EXPECT_EQ(text::CurrentLimits().line_chars, 40);
  EXPECT_EQ(text::CurrentLimits().document_chars, text::Limits().document_chars);
  text::SetLimits(text::Limits());
}

TEST(InProcess, RefusesANegativeLimitNamingIt) {
  testing::TempDir dir;
  GlobalOptions options = Parse({"--data-dir", dir.path(), "--max-line-chars=-3"});
  auto connection = Connection::Open(options);
  ASSERT_FALSE(connection.ok());
  EXPECT_EQ(connection.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(connection.status().message().find("--max-line-chars"), std::string::npos)
      << connection.status();
}

}  // namespace
}  // namespace tertial::cli
