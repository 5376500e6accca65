#include "session_store.h"

#include <gtest/gtest.h>

namespace tertial::web {
namespace {

using std::chrono::seconds;

grpcutil::Principal Anna() {
  return {.subject = "anna", .role = grpcutil::Role::kController, .organisation = "0580"};
}

TEST(SessionStoreTest, FindsASessionByItsIdUntilItExpires) {
  SessionStore store({.lifetime = seconds(60)});
  const auto t0 = SessionStore::Clock::now();
  std::string id = store.Create(Anna(), "secret-token", t0);
  EXPECT_EQ(id.size(), 64u);
  auto found = store.Find(id, t0 + seconds(59));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->principal.subject, "anna");
  EXPECT_EQ(found->token, "secret-token");
  EXPECT_EQ(found->csrf.size(), 64u);
  EXPECT_FALSE(store.Find(id, t0 + seconds(60)).has_value());
  EXPECT_EQ(store.size(), 0u);
}

TEST(SessionStoreTest, EachSessionHasItsOwnIdAndCsrfToken) {
  SessionStore store({});
  std::string a = store.Create(Anna(), "t");
  std::string b = store.Create(Anna(), "t");
  EXPECT_NE(a, b);
  EXPECT_NE(store.Find(a)->csrf, store.Find(b)->csrf);
}

TEST(SessionStoreTest, SignOutAndUnknownIdsFindNothing) {
  SessionStore store({});
  std::string id = store.Create(Anna(), "t");
  EXPECT_FALSE(store.Find("").has_value());
  EXPECT_FALSE(store.Find(std::string(64, '0')).has_value());
  store.Remove(id);
  EXPECT_FALSE(store.Find(id).has_value());
}

TEST(SessionStoreTest, DropsTheOldestBeyondTheLimit) {
  SessionStore store({.max_sessions = 2});
  const auto t0 = SessionStore::Clock::now();
  std::string first = store.Create(Anna(), "t", t0);
  std::string second = store.Create(Anna(), "t", t0 + seconds(1));
  std::string third = store.Create(Anna(), "t", t0 + seconds(2));
  EXPECT_EQ(store.size(), 2u);
  EXPECT_FALSE(store.Find(first, t0 + seconds(3)).has_value());
  EXPECT_TRUE(store.Find(second, t0 + seconds(3)).has_value());
  EXPECT_TRUE(store.Find(third, t0 + seconds(3)).has_value());
}

}  // namespace
}  // namespace tertial::web
