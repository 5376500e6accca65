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

}  // namespace
}  // namespace tertial
