#ifndef TERTIAL_BASE_PATHS_H_
#define TERTIAL_BASE_PATHS_H_

// Paths a program writes from names it was given (a report's files, named by the server
// that rendered them). A written path stays inside its directory: whatever the name holds,
// it cannot climb out with "..", start over with "/", or leave through a symbolic link.

#include <filesystem>
#include <string_view>

#include "absl/status/statusor.h"

namespace tertial::paths {

// `dir` / `relative`, where `relative` is one or more '/'-separated file names, each an
// id (tertial/base/ids.h: "delarsrapport-0580-KS-2021-08", "operating.csv"). INVALID_ARGUMENT
// naming the part when one is not (empty, ".", "..", an absolute path, a backslash, ...),
// or when the result is not inside `dir` once the symbolic links among the directories
// that exist already are followed (a link out of `dir`).
absl::StatusOr<std::filesystem::path> PathInside(const std::filesystem::path& dir,
                                                 std::string_view relative);

}  // namespace tertial::paths

#endif  // TERTIAL_BASE_PATHS_H_
