#ifndef TERTIAL_LOG_LOG_FLAGS_H_
#define TERTIAL_LOG_LOG_FLAGS_H_

// --log-level and --log-format ($TERTIAL_LOG_LEVEL, $TERTIAL_LOG_FORMAT), the same in
// every binary.
//
// Formats: "json" (one JSON object per line: what runs in Kubernetes and what log
// collectors parse), "text" (for people at a terminal), or "auto": text when stderr is a
// terminal, JSON otherwise. The servers default to auto, so that a container, a systemd
// unit or a redirect to a file gets JSON without being told and a person running tertiald
// by hand reads text. The CLI defaults to text at level warning: its own output is for
// people, and the in-process services' start-up lines would only be noise there.

#include <string>

#include "absl/status/status.h"
#include "tertial/config/flags.h"
#include "tertial/log/log.h"

namespace tertial::log {

struct LogFlags {
  std::string level = "info";
  std::string format = "auto";
};

void AddLogFlags(config::FlagSet& flags, LogFlags* log_flags);

// Configures the process's log from parsed flags; INVALID_ARGUMENT naming the flag when a
// value is not known.
absl::Status ConfigureFromFlags(const LogFlags& log_flags, std::string_view service);

// "auto" resolved: text when stderr is a terminal, else JSON.
Format AutoFormat();

// The first line of a server's log: "starting", with the build (version, git_commit) and
// every setting it runs with, secrets masked (FlagSet::Values).
void LogStarting(const config::FlagSet& flags);

}  // namespace tertial::log

#endif  // TERTIAL_LOG_LOG_FLAGS_H_
