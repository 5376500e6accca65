#ifndef TERTIAL_BASE_BUILD_INFO_H_
#define TERTIAL_BASE_BUILD_INFO_H_

// What was built: the project's version (CMakeLists.txt) and the git commit of the source
// tree, written at build time (cmake/build_info.cmake). The commit is "unknown" when the
// source has no git history (set -DTERTIAL_GIT_COMMIT=... then), and ends in "-dirty"
// when the tree had uncommitted changes.

#include <string_view>

namespace tertial {

std::string_view BuildVersion();
std::string_view BuildGitCommit();

}  // namespace tertial

#endif  // TERTIAL_BASE_BUILD_INFO_H_
