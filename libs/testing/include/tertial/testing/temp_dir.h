#ifndef TERTIAL_TESTING_TEMP_DIR_H_
#define TERTIAL_TESTING_TEMP_DIR_H_

// Test helpers shared by every test binary. Not linked into any product binary.

#include <string>

namespace tertial::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // path() + "/" + name
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// The repository root, where tests run (ctest sets it as the working directory).
std::string SourceDir();

// The shared folder with the seed report and the SIE samples: $TERTIAL_SHARED_DIR, else
// ../shared beside the repository (or beside one of its parents), else /work/shared.
std::string SharedDir();

}  // namespace tertial::testing

#endif  // TERTIAL_TESTING_TEMP_DIR_H_
