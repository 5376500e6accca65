#include "tertial/base/paths.h"

#include <iterator>
#include <system_error>

#include "tertial/base/ids.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"

namespace tertial::paths {
namespace {

// Whether `path` is `dir` or below it, compared part by part (both normal).
bool IsWithin(const std::filesystem::path& path, const std::filesystem::path& dir) {
  auto p = path.begin();
  for (auto d = dir.begin(); d != dir.end(); ++d, ++p) {
    if (d->empty() && std::next(d) == dir.end()) break;  // "out/" ends in an empty part
    if (p == path.end() || *p != *d) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::filesystem::path> PathInside(const std::filesystem::path& dir,
                                                 std::string_view relative) {
  auto refuse = [&](std::string_view why) {
    return absl::InvalidArgumentError(StrCat("file name '", ValidUtf8(relative), "': ", why,
                                             "; it must stay inside ", dir.string()));
  };
  if (relative.empty()) return refuse("it is empty");
  if (relative.front() == '/') return refuse("it is an absolute path");
  std::filesystem::path result = dir;
  size_t start = 0;
  for (;;) {
    size_t slash = relative.find('/', start);
    std::string_view part =
        relative.substr(start, slash == std::string_view::npos ? relative.npos : slash - start);
    if (std::string problem = ids::Problem(part); !problem.empty()) {
      return refuse(StrCat("part '", ValidUtf8(part), "': ", problem));
    }
    result /= std::filesystem::path(std::string(part));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  // By construction no part climbs; check the lexical result all the same, then the one
  // the file system gives (a directory on the way may be a link out of `dir`).
  std::error_code error;
  std::filesystem::path base = std::filesystem::absolute(dir, error).lexically_normal();
  if (error) return refuse(StrCat("cannot resolve the directory: ", error.message()));
  if (!IsWithin(std::filesystem::absolute(result, error).lexically_normal(), base) || error) {
    return refuse("it leaves the directory");
  }
  std::filesystem::path real_base = std::filesystem::weakly_canonical(dir, error);
  if (error) return refuse(StrCat("cannot resolve the directory: ", error.message()));
  std::filesystem::path real = std::filesystem::weakly_canonical(result, error);
  if (error) return refuse(StrCat("cannot resolve it: ", error.message()));
  if (!IsWithin(real, real_base)) {
    return refuse(StrCat("it leads to ", real.string(), " through a symbolic link"));
  }
  return result;
}

}  // namespace tertial::paths
