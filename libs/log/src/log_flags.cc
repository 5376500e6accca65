#include "tertial/log/log_flags.h"

#include <unistd.h>

#include <vector>

#include "tertial/base/build_info.h"
#include "tertial/base/strings.h"

namespace tertial::log {

void AddLogFlags(config::FlagSet& flags, LogFlags* log_flags) {
  flags.String("log-level", &log_flags->level,
               "least severe log events written: debug, info, "
               "warning, error or off",
               {.env = "TERTIAL_LOG_LEVEL"});
  flags.String("log-format", &log_flags->format,
               "log lines as json (one object per line), text, or auto (text on a terminal, "
               "json otherwise)",
               {.env = "TERTIAL_LOG_FORMAT"});
}

Format AutoFormat() { return isatty(STDERR_FILENO) ? Format::kText : Format::kJson; }

absl::Status ConfigureFromFlags(const LogFlags& log_flags, std::string_view service) {
  absl::StatusOr<Level> level = ParseLevel(log_flags.level);
  if (!level.ok())
    return absl::InvalidArgumentError(StrCat("--log-level: ", level.status().message()));
  Format format = Format::kJson;
  if (log_flags.format == "auto") {
    format = AutoFormat();
  } else {
    absl::StatusOr<Format> parsed = ParseFormat(log_flags.format);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(
          StrCat("--log-format: ", parsed.status().message(), " (or auto)"));
    }
    format = *parsed;
  }
  Configure({.service = std::string(service), .level = *level, .format = format});
  return absl::OkStatus();
}

void LogStarting(const config::FlagSet& flags) {
  std::vector<std::pair<std::string, std::string>> values = flags.Values();
  std::vector<Field> fields = {{"version", BuildVersion()}, {"git_commit", BuildGitCommit()}};
  for (const auto& [name, value] : values) fields.emplace_back(name, std::string_view(value));
  Log(Level::kInfo, "starting", fields);
}

}  // namespace tertial::log
