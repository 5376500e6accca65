#include "tertial/base/hash.h"

#include <gtest/gtest.h>

namespace tertial {
namespace {

TEST(Sha256, MatchesKnownDigests) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 incremental;
  incremental.Update("a");
  incremental.Update("bc");
  EXPECT_EQ(incremental.FinishHex(), Sha256Hex("abc"));
}

TEST(Uuid, DeterministicIdsRepeatAndRandomOnesDoNot) {
  EXPECT_EQ(DeterministicUuid("import:abc:1"), DeterministicUuid("import:abc:1"));
  EXPECT_NE(DeterministicUuid("import:abc:1"), DeterministicUuid("import:abc:2"));
  EXPECT_NE(RandomUuid(), RandomUuid());
  std::string id = RandomUuid();
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '4');
  EXPECT_EQ(DeterministicUuid("x")[14], '8');
}

TEST(RandomHexTest, GivesFreshHexOfTheAskedLength) {
  std::string a = RandomHex(32);
  std::string b = RandomHex(32);
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, b);
}

TEST(SecretsEqualTest, ComparesContentAndLength) {
  EXPECT_TRUE(SecretsEqual("abc", "abc"));
  EXPECT_FALSE(SecretsEqual("abc", "abd"));
  EXPECT_FALSE(SecretsEqual("abc", "abcd"));
  EXPECT_TRUE(SecretsEqual("", ""));
}

}  // namespace
}  // namespace tertial
