#include "tertial/log/log.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>

#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"

namespace tertial::log {
namespace {

struct State {
  std::mutex mutex;  // guards options and serialises writes to the sink
  Options options;
};

State& GlobalState() {
  static State* state = new State();  // never destroyed: threads may log during exit
  return *state;
}

std::atomic<int> g_level{static_cast<int>(Level::kInfo)};

// Appends `text` as a JSON string literal (quotes included), valid UTF-8: '"', '\\' and
// control characters escaped, bytes that are not UTF-8 written as "\\xNN" (ValidUtf8).
void AppendJsonString(std::string* out, std::string_view text) {
  if (!IsValidUtf8(text)) {
    AppendJsonString(out, ValidUtf8(text));
    return;
  }
  out->push_back('"');
  size_t plain = 0;  // start of the run not yet appended
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(text.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 15]);
      }
    }
  }
  out->append(text.data() + plain, text.size() - plain);
  out->push_back('"');
}

std::string JsonString(std::string_view text) {
  std::string out;
  AppendJsonString(&out, text);
  return out;
}

// A text-format value: bare when it is one plain word, quoted otherwise.
std::string TextString(std::string_view text) {
  bool bare = !text.empty();
  for (unsigned char c : text) {
    if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f) {
      bare = false;
      break;
    }
  }
  if (bare && IsValidUtf8(text)) return std::string(text);
  return JsonString(text);
}

std::string Number(double value) {
  if (!std::isfinite(value))
    return std::isnan(value) ? "\"NaN\"" : value > 0 ? "\"+Inf\"" : "\"-Inf\"";
  char buffer[32];
  std::to_chars_result end = std::to_chars(buffer, buffer + sizeof(buffer), value);  // shortest
  return std::string(buffer, end.ptr);
}

void AppendValue(std::string* out, const Field::Value& value, bool json) {
  struct Visitor {
    std::string* out;
    bool json;
    void operator()(std::string_view v) const {
      if (json) {
        AppendJsonString(out, v);
      } else {
        out->append(TextString(v));
      }
    }
    void operator()(const std::string& v) const { (*this)(std::string_view(v)); }
    void operator()(int64_t v) const { StrAppend(out, v); }
    void operator()(uint64_t v) const { StrAppend(out, v); }
    void operator()(double v) const { out->append(Number(v)); }
    void operator()(bool v) const { out->append(v ? "true" : "false"); }
  };
  std::visit(Visitor{out, json}, value);
}

// 2024-05-02T09:14:03.118Z
std::string Timestamp(int64_t unix_micros) {
  std::time_t seconds = static_cast<std::time_t>(unix_micros / 1'000'000);
  int millis = static_cast<int>((unix_micros % 1'000'000) / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[96];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
  return buffer;
}

void WriteAll(std::string_view line) {
  while (!line.empty()) {
    ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // nowhere left to say it
    }
    line.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace

absl::StatusOr<Level> ParseLevel(std::string_view text) {
  if (text == "debug") return Level::kDebug;
  if (text == "info") return Level::kInfo;
  if (text == "warning" || text == "warn") return Level::kWarning;
  if (text == "error") return Level::kError;
  if (text == "off") return Level::kOff;
  return absl::InvalidArgumentError(
      StrCat("log level '", text, "' is not one of debug, info, warning, error, off"));
}

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarning:
      return "warning";
    case Level::kError:
      return "error";
    case Level::kOff:
      return "off";
  }
  return "unknown";
}

absl::StatusOr<Format> ParseFormat(std::string_view text) {
  if (text == "json") return Format::kJson;
  if (text == "text") return Format::kText;
  return absl::InvalidArgumentError(StrCat("log format '", text, "' is not json or text"));
}

Field::Field(std::string_view key, const absl::Status& status)
    : key_(key), value_(status.ToString()) {}

void Configure(Options options) {
  State& state = GlobalState();
  std::lock_guard<std::mutex> guard(state.mutex);
  g_level.store(static_cast<int>(options.level));
  state.options = std::move(options);
}

bool Enabled(Level level) {
  return level != Level::kOff && static_cast<int>(level) >= g_level.load(std::memory_order_relaxed);
}

std::string FormatLine(Format format, int64_t unix_micros, Level level, std::string_view service,
                       std::string_view message, std::span<const Field> fields) {
  std::string line;
  line.reserve(256);
  if (format == Format::kJson) {
    StrAppend(&line, "{\"timestamp\":\"", Timestamp(unix_micros), "\",\"level\":\"",
              LevelName(level), "\",\"service\":");
    AppendJsonString(&line, service);
    line += ",\"message\":";
    AppendJsonString(&line, message);
    if (!fields.empty()) {
      line += ",\"fields\":{";
      for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) line += ',';
        AppendJsonString(&line, fields[i].key());
        line += ':';
        AppendValue(&line, fields[i].value(), true);
      }
      line += '}';
    }
    line += "}\n";
    return line;
  }
  static constexpr std::string_view kNames[] = {"DEBUG", "INFO ", "WARN ", "ERROR", "OFF  "};
  StrAppend(&line, Timestamp(unix_micros), " ", kNames[static_cast<int>(level)], " ", service, ": ",
            IsValidUtf8(message) ? std::string(message) : ValidUtf8(message));
  for (const Field& field : fields) {
    StrAppend(&line, " ", field.key(), "=");
    AppendValue(&line, field.value(), false);
  }
  // One event, one line: a message with newlines keeps them escaped.
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  line += '\n';
  return line;
}

void Log(Level level, std::string_view message, std::span<const Field> fields) {
  if (!Enabled(level)) return;
  int64_t micros = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  State& state = GlobalState();
  std::lock_guard<std::mutex> guard(state.mutex);
  std::string line =
      FormatLine(state.options.format, micros, level, state.options.service, message, fields);
  if (state.options.sink) {
    state.options.sink(line);
  } else {
    WriteAll(line);
  }
}

int CivetwebLogMessage(const mg_connection*, const char* message) {
  std::string_view text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  Warning(text, {{"source", "civetweb"}});
  return 1;  // written here; civetweb writes nothing itself
}

}  // namespace tertial::log
