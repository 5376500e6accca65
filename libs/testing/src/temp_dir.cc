#include "tertial/testing/temp_dir.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace tertial::testing {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/tertial-test-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string SourceDir() {
#ifdef TERTIAL_SOURCE_DIR
  return TERTIAL_SOURCE_DIR;
#else
  return std::filesystem::current_path().string();
#endif
}

std::string SharedDir() {
  const char* shared = std::getenv("TERTIAL_SHARED_DIR");
  if (shared && *shared) return shared;
  // ../shared beside the repository, as the team's machines lay it out. A clone made
  // somewhere else (a CI checkout in a scratch directory) looks further up, then at the
  // machine's shared folder, so that the tests still read the same files from there.
  namespace fs = std::filesystem;
  std::error_code error;
  for (fs::path dir = fs::absolute(SourceDir(), error); !dir.empty(); dir = dir.parent_path()) {
    if (fs::is_directory(dir / "shared" / "sie-samples", error)) return (dir / "shared").string();
    if (dir == dir.parent_path()) break;
  }
  if (fs::is_directory("/work/shared/sie-samples", error)) return "/work/shared";
  return SourceDir() + "/../shared";  // missing: the tests that need it fail, naming it
}

}  // namespace tertial::testing
