#include "tertial/config/flags.h"

#include <cstdio>
#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"

namespace tertial::config {

void FlagSet::String(std::string name, std::string* target, std::string help, FlagOptions options) {
  Add({std::move(name), std::move(help), std::move(options), false, false,
       [target](std::string_view v) {
         *target = std::string(v);
         return absl::OkStatus();
       },
       [target] { return *target; }});
}

void FlagSet::Int(std::string name, int64_t* target, std::string help, FlagOptions options) {
  std::string flag_name = name;
  Add({std::move(name), std::move(help), std::move(options), false, false,
       [target, flag_name](std::string_view v) {
         if (!absl::SimpleAtoi(ToAbsl(v), target)) {
           return absl::InvalidArgumentError(
               tertial::StrCat("--", flag_name, ": '", v, "' is not a whole number"));
         }
         return absl::OkStatus();
       },
       [target] { return tertial::StrCat(*target); }});
}

void FlagSet::Bool(std::string name, bool* target, std::string help, FlagOptions options) {
  std::string flag_name = name;
  Add({std::move(name), std::move(help), std::move(options), true, false,
       [target, flag_name](std::string_view v) {
         if (v.empty() || v == "true" || v == "1" || v == "yes") {
           *target = true;
         } else if (v == "false" || v == "0" || v == "no") {
           *target = false;
         } else {
           return absl::InvalidArgumentError(
               tertial::StrCat("--", flag_name, ": '", v, "' is not true or false"));
         }
         return absl::OkStatus();
       },
       [target] { return std::string(*target ? "true" : "false"); }});
}

void FlagSet::List(std::string name, std::vector<std::string>* target, std::string help,
                   FlagOptions options) {
  Add({std::move(name), std::move(help), std::move(options), false, false,
       [target](std::string_view v) {
         for (absl::string_view part : absl::StrSplit(ToAbsl(v), ',', absl::SkipEmpty())) {
           target->emplace_back(std::string(part));
         }
         return absl::OkStatus();
       },
       [target] { return absl::StrJoin(*target, ","); }});
}

void FlagSet::Add(Flag flag) {
  flag.default_value = flag.show();
  flags_.push_back(std::move(flag));
}

void FlagSet::EnvString(std::string env, std::string* target, std::string help,
                        FlagOptions options) {
  options.env = std::move(env);
  String("", target, std::move(help), std::move(options));
}

void FlagSet::EnvInt(std::string env, int64_t* target, std::string help, FlagOptions options) {
  std::string name = env;
  options.env = std::move(env);
  Add({"", std::move(help), std::move(options), false, false,
       [target, name](std::string_view v) {
         if (!absl::SimpleAtoi(ToAbsl(v), target)) {
           return absl::InvalidArgumentError(
               tertial::StrCat("$", name, ": '", v, "' is not a whole number"));
         }
         return absl::OkStatus();
       },
       [target] { return tertial::StrCat(*target); }});
}

void FlagSet::EnvNote(std::string env, std::string help, std::string default_text) {
  std::string name = env;
  Add({"",
       std::move(help),
       {.env = std::move(env), .default_text = std::move(default_text)},
       false,
       false,
       [](std::string_view) { return absl::OkStatus(); },
       [name] {
         const char* value = std::getenv(name.c_str());
         return std::string(value != nullptr ? value : "");
       }});
}

FlagSet::Flag* FlagSet::Find(std::string_view name) {
  if (name.empty()) return nullptr;
  for (Flag& flag : flags_) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

absl::Status FlagSet::Assign(Flag& flag, std::string_view value) {
  flag.set = true;
  // A value that enters a request must be UTF-8 (proto3 refuses anything else, and the
  // server would answer with nothing to say); a path may be any bytes the system allows.
  if (!flag.options.path) {
    if (size_t bad = FirstInvalidUtf8(value); bad != std::string_view::npos) {
      int64_t character = 1;
      for (size_t i = 0; i < bad; ++i) {
        character += (static_cast<unsigned char>(value[i]) & 0xC0) != 0x80;
      }
      return absl::InvalidArgumentError(tertial::StrCat(
          "--", flag.name, ": byte ", Utf8CharAt(value, bad), " at character ", character,
          " is not UTF-8; text must be UTF-8 (is the terminal set to UTF-8?)"));
    }
  }
  return flag.assign(value);
}

absl::StatusOr<std::vector<std::string>> FlagSet::Parse(const std::vector<std::string>& args) {
  std::vector<std::string> positional;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") return absl::CancelledError(Usage());
    if (arg == "--") {
      positional.insert(positional.end(), args.begin() + i + 1, args.end());
      break;
    }
    if (arg.size() < 3 || arg.rfind("--", 0) != 0) {
      positional.push_back(arg);
      continue;
    }
    std::string_view body(arg);
    body.remove_prefix(2);
    std::string_view name = body;
    std::string_view value;
    bool has_value = false;
    if (size_t eq = body.find('='); eq != std::string_view::npos) {
      name = body.substr(0, eq);
      value = body.substr(eq + 1);
      has_value = true;
    }
    Flag* flag = Find(name);
    if (flag == nullptr && name.rfind("no-", 0) == 0 && !has_value) {
      Flag* negated = Find(name.substr(3));
      if (negated != nullptr && negated->is_bool) {
        if (absl::Status s = Assign(*negated, "false"); !s.ok()) return s;
        continue;
      }
    }
    if (flag == nullptr) {
      return absl::InvalidArgumentError(
          tertial::StrCat(program_, ": unknown flag --", name, "\n", Usage()));
    }
    if (!has_value && !flag->is_bool) {
      if (i + 1 >= args.size()) {
        return absl::InvalidArgumentError(tertial::StrCat("--", name, " needs a value"));
      }
      value = args[++i];
    }
    if (absl::Status s = Assign(*flag, value); !s.ok()) return s;
  }
  for (Flag& flag : flags_) {
    if (!flag.set && !flag.options.env.empty()) {
      if (const char* env = std::getenv(flag.options.env.c_str()); env != nullptr && *env) {
        if (absl::Status s = Assign(flag, env); !s.ok()) {
          return absl::InvalidArgumentError(
              tertial::StrCat(s.message(), " (from $", flag.options.env, ")"));
        }
      }
    }
    if (flag.options.required && !flag.set) {
      return absl::InvalidArgumentError(tertial::StrCat(
          program_, ": --", flag.name, " is required",
          flag.options.env.empty() ? "" : tertial::StrCat(" (or $", flag.options.env, ")")));
    }
  }
  return positional;
}

bool FlagSet::IsSet(std::string_view name) const {
  for (const Flag& flag : flags_) {
    if (flag.name == name) return flag.set;
  }
  return false;
}

std::vector<std::pair<std::string, std::string>> FlagSet::Values() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Flag& flag : flags_) {
    std::string value = flag.show();
    if (flag.options.secret && !value.empty()) value = "****";
    out.emplace_back(flag.name.empty() ? flag.options.env : flag.name, std::move(value));
  }
  return out;
}

std::string FlagSet::Describe() const {
  std::vector<std::string> parts;
  for (const Flag& flag : flags_) {
    std::string value = flag.show();
    if (flag.options.secret && !value.empty()) value = "****";
    parts.push_back(flag.name.empty() ? tertial::StrCat("$", flag.options.env, "=", value)
                                      : tertial::StrCat("--", flag.name, "=", value));
  }
  return absl::StrJoin(parts, " ");
}

namespace {

// "default 127.0.0.1:50551", "required", "default empty"; never a secret's value.
std::string DefaultText(const FlagOptions& options, const std::string& value) {
  if (options.required) return "required";
  if (!options.default_text.empty()) return tertial::StrCat("default ", options.default_text);
  if (value.empty()) return "default empty";
  if (options.secret) return "default set";
  return tertial::StrCat("default ", value);
}

void AppendEntry(std::string* out, std::string_view head, std::string_view help,
                 std::string_view where) {
  constexpr size_t kColumn = 28;
  tertial::StrAppend(out, "  ", head);
  if (head.size() + 2 < kColumn) {
    out->append(kColumn - head.size() - 2, ' ');
  } else {
    tertial::StrAppend(out, "\n", std::string(kColumn, ' '));
  }
  tertial::StrAppend(out, help, "\n", std::string(kColumn, ' '), where, "\n");
}

}  // namespace

std::string FlagSet::Usage() const {
  // "[$NAME]" marks a variable wherever it stands (tests/deploy reads --help for them).
  std::string out = tertial::StrCat("usage: ", program_,
                                    " [flags]\n\nflags (each also read from the "
                                    "environment variable shown when not given):\n");
  bool env_only = false;
  for (const Flag& flag : flags_) {
    if (flag.name.empty()) {
      env_only = true;
      continue;
    }
    std::string where = DefaultText(flag.options, flag.default_value);
    if (!flag.options.env.empty()) where = tertial::StrCat("[$", flag.options.env, "] ", where);
    AppendEntry(&out, tertial::StrCat("--", flag.name, flag.is_bool ? "" : "=VALUE"), flag.help,
                where);
  }
  if (env_only) {
    out += "\nenvironment only:\n";
    for (const Flag& flag : flags_) {
      if (!flag.name.empty()) continue;
      AppendEntry(&out, tertial::StrCat("[$", flag.options.env, "]"), flag.help,
                  DefaultText(flag.options, flag.default_value));
    }
  }
  return out;
}

int ExitAfterParseError(const absl::Status& status) {
  if (status.code() == absl::StatusCode::kCancelled) {
    std::fwrite(status.message().data(), 1, status.message().size(), stdout);
    std::fflush(stdout);
    return 0;
  }
  std::string text = tertial::StrCat(status.message(), "\n");
  std::fwrite(text.data(), 1, text.size(), stderr);
  return 2;
}

}  // namespace tertial::config
