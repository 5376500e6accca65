#ifndef TERTIAL_LOG_LOG_H_
#define TERTIAL_LOG_LOG_H_

// The process's log: one line per event on stderr, as JSON for machines (Kubernetes,
// Loki, Elasticsearch) or as text for a terminal. Every binary configures it once at
// start-up (log_flags.h); libraries only call Info/Warning/... Thread-safe; a line is
// written with one write(2), so lines from several threads never interleave.
//
// JSON (one object per line, keys in this order; `fields` only when there are some):
//   {"timestamp":"2024-05-02T09:14:03.118Z","level":"info","service":"tertiald",
//    "message":"serving","fields":{"port":50551,"data_dir":"/var/lib/tertial"}}
// Text:
//   2024-05-02T09:14:03.118Z INFO  tertiald: serving port=50551 data_dir=/var/lib/tertial
//
// Never log a token, a password or a key: fields are written as given.

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

struct mg_connection;

namespace tertial::log {

enum class Level { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3, kOff = 4 };
enum class Format { kJson, kText };

// "debug", "info", "warning", "error", "off" (also "warn").
absl::StatusOr<Level> ParseLevel(std::string_view text);
std::string_view LevelName(Level level);
// "json" or "text".
absl::StatusOr<Format> ParseFormat(std::string_view text);

// One named value of an event. Views given to it must outlive the Log call (temporaries
// in the call's argument list do).
class Field {
 public:
  Field(std::string_view key, std::string_view value) : key_(key), value_(value) {}
  Field(std::string_view key, const char* value) : key_(key), value_(std::string_view(value)) {}
  Field(std::string_view key, const std::string& value)
      : key_(key), value_(std::string_view(value)) {}
  Field(std::string_view key, std::string&& value) : key_(key), value_(std::move(value)) {}
  Field(std::string_view key, bool value) : key_(key), value_(value) {}
  Field(std::string_view key, double value) : key_(key), value_(value) {}
  template <typename T,
            std::enable_if_t<
                std::is_integral_v<T> && !std::is_same_v<T, bool> && std::is_signed_v<T>, int> = 0>
  Field(std::string_view key, T value) : key_(key), value_(static_cast<int64_t>(value)) {}
  template <typename T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool> &&
                                             std::is_unsigned_v<T>,
                                         int> = 0>
  Field(std::string_view key, T value) : key_(key), value_(static_cast<uint64_t>(value)) {}
  // The status's code and message ("UNAVAILABLE: broker down"), "OK" when ok.
  Field(std::string_view key, const absl::Status& status);

  std::string_view key() const { return key_; }
  using Value = std::variant<std::string_view, std::string, int64_t, uint64_t, double, bool>;
  const Value& value() const { return value_; }

 private:
  std::string_view key_;
  Value value_;
};

struct Options {
  // Names the program in every line: "tertiald", "tertial-ledger", "tertial".
  std::string service = "tertial";
  Level level = Level::kInfo;
  Format format = Format::kJson;
  // Receives each line, newline included; empty: stderr.
  std::function<void(std::string_view line)> sink;
};

// Replaces the process's log settings. Call it at start-up, before threads log.
void Configure(Options options);
// Whether an event of `level` would be written (to skip building costly fields).
bool Enabled(Level level);

void Log(Level level, std::string_view message, std::span<const Field> fields);
inline void Log(Level level, std::string_view message, std::initializer_list<Field> fields = {}) {
  Log(level, message, std::span<const Field>(fields.begin(), fields.size()));
}
inline void Debug(std::string_view message, std::initializer_list<Field> fields = {}) {
  Log(Level::kDebug, message, fields);
}
inline void Info(std::string_view message, std::initializer_list<Field> fields = {}) {
  Log(Level::kInfo, message, fields);
}
inline void Warning(std::string_view message, std::initializer_list<Field> fields = {}) {
  Log(Level::kWarning, message, fields);
}
inline void Error(std::string_view message, std::initializer_list<Field> fields = {}) {
  Log(Level::kError, message, fields);
}

// civetweb's `log_message` callback (mg_callbacks): its errors go to this log as warnings
// ({"source":"civetweb"}) instead of its own stderr lines.
int CivetwebLogMessage(const mg_connection* connection, const char* message);

// One line as Log writes it (newline included), for a given time in microseconds since
// the Unix epoch. Text that is not valid UTF-8 is written with the bad bytes as "\xNN".
std::string FormatLine(Format format, int64_t unix_micros, Level level, std::string_view service,
                       std::string_view message, std::span<const Field> fields);

}  // namespace tertial::log

#endif  // TERTIAL_LOG_LOG_H_
