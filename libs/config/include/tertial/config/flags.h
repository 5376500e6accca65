#ifndef TERTIAL_CONFIG_FLAGS_H_
#define TERTIAL_CONFIG_FLAGS_H_

// Typed command-line flags with environment-variable equivalents. Every binary declares
// its configuration once, rejects unknown flags at start-up, and can print what it runs
// with (secrets masked) as its first log line.
//
//   std::string data_dir;
//   FlagSet flags("tertiald");
//   flags.String("data-dir", &data_dir, "where the log and projections live",
//                {.env = "TERTIAL_DATA_DIR", .required = true});
//   absl::StatusOr<std::vector<std::string>> args = flags.Parse(argc, argv);

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace tertial::config {

struct FlagOptions {
  std::string env;  // environment variable consulted when the flag is not given
  bool required = false;
  bool secret = false;  // masked by Describe() and never shown as a default
  // What --help shows as the default, when the value at declaration is not it (a default
  // computed from elsewhere: "$USER").
  std::string default_text;
  // A file or directory name: any bytes the system allows. Every other value must be
  // UTF-8 (it may enter a request, whose strings must be UTF-8); Parse refuses one that is
  // not, naming the flag and the byte.
  bool path = false;
};

class FlagSet {
 public:
  explicit FlagSet(std::string program) : program_(std::move(program)) {}

  void String(std::string name, std::string* target, std::string help, FlagOptions options = {});
  void Int(std::string name, int64_t* target, std::string help, FlagOptions options = {});
  void Bool(std::string name, bool* target, std::string help, FlagOptions options = {});
  // A flag that may be given several times, or once with comma-separated values.
  void List(std::string name, std::vector<std::string>* target, std::string help,
            FlagOptions options = {});
  // A setting read only from the environment variable `env` (no command-line flag): for
  // what an operator sets once per deployment (Kafka client properties) rather than per
  // run. Listed by Usage() beside the flags.
  void EnvString(std::string env, std::string* target, std::string help, FlagOptions options = {});
  void EnvInt(std::string env, int64_t* target, std::string help, FlagOptions options = {});
  // A standard variable the program reads where it is used (TMPDIR), not through this set:
  // listed by Usage() so that --help names every variable that matters.
  void EnvNote(std::string env, std::string help, std::string default_text);

  // Parses --name=value, --name value and --bool-flag; "--" ends the flags. Returns the
  // positional arguments. Unknown flags, missing values and bad numbers are errors that
  // name the flag. --help returns CancelledError carrying Usage().
  absl::StatusOr<std::vector<std::string>> Parse(int argc, const char* const* argv) {
    return Parse(std::vector<std::string>(argv + 1, argv + argc));
  }
  absl::StatusOr<std::vector<std::string>> Parse(const std::vector<std::string>& args);

  // "--data-dir=/var/lib/tertial --listen=0.0.0.0:50051 --token=****"
  std::string Describe() const;
  // Every setting, values masked where secret: ("data-dir", "/var/lib/tertial"),
  // ("TERTIAL_KAFKA_CONFIG", "") for environment-only ones. For the first log line.
  std::vector<std::pair<std::string, std::string>> Values() const;
  // Every flag and environment-only setting with its help, its environment variable and its
  // default (or "required").
  std::string Usage() const;

  // True if --name was given on the command line or through its environment variable.
  bool IsSet(std::string_view name) const;

 private:
  struct Flag {
    std::string name;  // empty for an environment-only setting
    std::string help;
    FlagOptions options;
    bool is_bool = false;
    bool set = false;
    std::function<absl::Status(std::string_view)> assign;
    std::function<std::string()> show;
    std::string default_value;  // as shown at declaration
  };
  absl::Status Assign(Flag& flag, std::string_view value);
  Flag* Find(std::string_view name);
  void Add(Flag flag);

  std::string program_;
  std::vector<Flag> flags_;
};

// For a main whose Parse failed: --help (CANCELLED) prints the usage on stdout and gives
// 0; any other error goes to stderr as plain text (it comes before the log is set up, and
// a person or a manifest typed it) and gives 2, the exit code of a usage error.
int ExitAfterParseError(const absl::Status& status);

}  // namespace tertial::config

#endif  // TERTIAL_CONFIG_FLAGS_H_
