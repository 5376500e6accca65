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
  return SourceDir() + "/../shared";
}

}  // namespace tertial::testing
