#include "tertial/base/paths.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace tertial::paths {
namespace {

namespace fs = std::filesystem;

class PathsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "tertial-paths-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    out_ = root_ / "out";
    fs::create_directories(out_);
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
  fs::path out_;
};

TEST_F(PathsTest, JoinsAReportsFileNames) {
  auto html = PathInside(out_, "delarsrapport-0580-KS-2021-08.html");
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_EQ(*html, out_ / "delarsrapport-0580-KS-2021-08.html");
  auto csv = PathInside(out_, "delarsrapport-0580-KS-2021-08/operating.csv");
  ASSERT_TRUE(csv.ok()) << csv.status();
  EXPECT_EQ(*csv, out_ / "delarsrapport-0580-KS-2021-08" / "operating.csv");
  EXPECT_TRUE(PathInside(fs::path("."), "a.html").ok());
  EXPECT_TRUE(PathInside(fs::path("out/"), "a.html").ok());
}

TEST_F(PathsTest, RefusesNamesThatLeaveTheDirectory) {
  for (const char* name :
       {"", "/etc/passwd", "../x", "a/../../x", "delarsrapport-0580-../../../x.html", ".", "a/./b",
        "a//b", "a/", "..", "a\\b", "x\n"}) {
    auto path = PathInside(out_, name);
    EXPECT_FALSE(path.ok()) << name << " gave " << path->string();
    if (!path.ok()) {
      EXPECT_EQ(path.status().code(), absl::StatusCode::kInvalidArgument);
      EXPECT_NE(std::string(path.status().message()).find("it must stay inside"),
                std::string::npos);
    }
  }
}

TEST_F(PathsTest, RefusesASymbolicLinkOutOfTheDirectory) {
  fs::create_directories(root_ / "elsewhere");
  fs::create_directory_symlink(root_ / "elsewhere", out_ / "delarsrapport-0580-KS-2021-08");
  auto through = PathInside(out_, "delarsrapport-0580-KS-2021-08/operating.csv");
  ASSERT_FALSE(through.ok());
  EXPECT_NE(std::string(through.status().message()).find("symbolic link"), std::string::npos)
      << through.status();
  // A link inside the directory is fine.
  fs::create_directories(out_ / "real");
  fs::create_directory_symlink(out_ / "real", out_ / "alias");
  EXPECT_TRUE(PathInside(out_, "alias/operating.csv").ok());
}

}  // namespace
}  // namespace tertial::paths
