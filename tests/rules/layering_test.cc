#include "layering.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <utility>

#include "tertial/testing/temp_dir.h"

namespace tertial::rules {
namespace {

namespace fs = std::filesystem;

TEST(Layering, TheSourceTreeKeepsEveryRule) {
  std::vector<Violation> violations = CheckLayering(testing::SourceDir());
  for (const Violation& violation : violations) ADD_FAILURE() << Describe(violation);
}

// A small tree with one break of each rule beside files that keep them.
class LayeringCheck : public ::testing::Test {
 protected:
  void Write(const std::string& relative, const std::string& text) {
    fs::path path = fs::path(dir_.path()) / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }
  std::set<std::pair<std::string, std::string>> Found() {
    std::set<std::pair<std::string, std::string>> found;
    for (const Violation& violation : CheckLayering(dir_.path())) {
      found.insert({violation.rule, violation.file});
    }
    return found;
  }
  testing::TempDir dir_;
};

TEST_F(LayeringCheck, FindsEachBreakAndNothingElse) {
  Write("libs/money/include/tertial/money/money.h", "#include <string>\n");
  Write("libs/storage/include/tertial/storage/rocks.h", "#include <rocksdb/db.h>\n");
  Write("services/ledger/include/tertial/ledger/component.h", "#include <memory>\n");
  Write("services/ledger/src/domain/ok.cc",
        "#include \"tertial/money/money.h\"\n#include \"domain/helper.h\"\n");
  Write("services/ledger/src/domain/helper.h", "#include \"tertial/ledger/v1/events.pb.h\"\n");
  // pure, through two of our headers
  Write("services/ledger/src/domain/deep.h", "#include \"tertial/storage/rocks.h\"\n");
  Write("services/ledger/src/domain/bad.cc", "#include \"domain/deep.h\"\n");
  Write("services/goals/src/domain/stub.cc", "#include \"tertial/goals/v1/service.grpc.pb.h\"\n");
  Write("services/goals/src/domain/value_text.h", "#include <string>\n");
  // services, libs, apps, private
  Write("services/forecast/src/reader.cc", "#include \"../../ledger/src/domain/helper.h\"\n");
  Write("libs/money/src/leak.cc", "#include \"tertial/ledger/component.h\"\n");
  Write("apps/tertial/ok.cc", "#include \"tertial/ledger/component.h\"\n");
  Write("apps/tertial/commands.cc", "#include \"domain/value_text.h\"\n");
  Write("tests/e2e/peek.cc", "#include \"domain/value_text.h\"\n");
  Write("tests/goals/inside_test.cc", "#include \"domain/value_text.h\"\n");
  Write("tests/forecast/across_test.cc", "#include \"domain/value_text.h\"\n");
  Write("services/ledger/src/testing/generated_ledger.h", "#include <string>\n");
  Write("bench/load/load_bench.cc", "#include \"testing/generated_ledger.h\"\n");
  Write("apps/tertial/fixture.cc", "#include \"testing/generated_ledger.h\"\n");
  // apps, spelled with <...>, and through a service's public header that includes its src/
  Write("apps/tertial/angle.cc", "#include <domain/value_text.h>\n");
  Write("services/goals/include/tertial/goals/leaky.h", "#include \"domain/value_text.h\"\n");
  Write("apps/tertial/through_public.cc", "#include \"tertial/goals/leaky.h\"\n");
  // a cycle of headers ends
  Write("libs/money/include/tertial/money/a.h", "#include \"tertial/money/b.h\"\n");
  Write("libs/money/include/tertial/money/b.h", "#include \"tertial/money/a.h\"\n");

  std::set<std::pair<std::string, std::string>> expected = {
      {"pure", "services/ledger/src/domain/deep.h"},
      {"pure", "services/ledger/src/domain/bad.cc"},
      {"pure", "services/goals/src/domain/stub.cc"},
      {"services", "services/forecast/src/reader.cc"},
      {"libs", "libs/money/src/leak.cc"},
      {"apps", "apps/tertial/commands.cc"},
      {"private", "tests/e2e/peek.cc"},
      {"private", "tests/forecast/across_test.cc"},
      {"apps", "apps/tertial/fixture.cc"},
      {"apps", "apps/tertial/angle.cc"},
      {"apps", "apps/tertial/through_public.cc"}};
  EXPECT_EQ(Found(), expected);
}

TEST_F(LayeringCheck, NamesTheWholeChain) {
  Write("libs/storage/include/tertial/storage/rocks.h", "#include <rocksdb/db.h>\n");
  Write("libs/chart/include/tertial/chart/posting.h", "#include \"tertial/chart/index.h\"\n");
  Write("libs/chart/include/tertial/chart/index.h", "#include <rocksdb/db.h>\n");
  Write("libs/chart/src/voucher_index.cc", "#include \"tertial/storage/rocks.h\"\n");
  std::vector<Violation> violations = CheckLayering(dir_.path());
  ASSERT_EQ(violations.size(), 2u);  // the voucher index is chart's impure part
  EXPECT_EQ(violations[0].file, "libs/chart/include/tertial/chart/index.h");
  EXPECT_EQ(violations[1].file, "libs/chart/include/tertial/chart/posting.h");
  EXPECT_EQ(violations[1].chain,
            (std::vector<std::string>{"libs/chart/include/tertial/chart/index.h",
                                      "rocksdb/db.h (RocksDB)"}));
}

}  // namespace
}  // namespace tertial::rules
