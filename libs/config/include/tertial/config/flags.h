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
#include <vector>

#include "absl/status/statusor.h"

namespace tertial::config {

struct FlagOptions {
  std::string env;       // environment variable consulted when the flag is not given
  bool required = false;
  bool secret = false;   // masked by Describe()
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

  // Parses --name=value, --name value and --bool-flag; "--" ends the flags. Returns the
  // positional arguments. Unknown flags, missing values and bad numbers are errors that
  // name the flag. --help returns CancelledError carrying Usage().
  absl::StatusOr<std::vector<std::string>> Parse(int argc, const char* const* argv) {
    return Parse(std::vector<std::string>(argv + 1, argv + argc));
  }
  absl::StatusOr<std::vector<std::string>> Parse(const std::vector<std::string>& args);

  // "--data-dir=/var/lib/tertial --listen=0.0.0.0:50051 --token=****"
  std::string Describe() const;
  std::string Usage() const;

  // True if --name was given on the command line or through its environment variable.
  bool IsSet(std::string_view name) const;

 private:
  struct Flag {
    std::string name;
    std::string help;
    FlagOptions options;
    bool is_bool = false;
    bool set = false;
    std::function<absl::Status(std::string_view)> assign;
    std::function<std::string()> show;
  };
  absl::Status Assign(Flag& flag, std::string_view value);
  Flag* Find(std::string_view name);

  std::string program_;
  std::vector<Flag> flags_;
};

}  // namespace tertial::config

#endif  // TERTIAL_CONFIG_FLAGS_H_
