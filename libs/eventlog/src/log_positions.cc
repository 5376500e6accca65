#include "tertial/eventlog/log_positions.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/event_log.h"

namespace tertial::eventlog {
namespace {

thread_local ScopedCommits* current = nullptr;

bool IsTopicChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

// A decimal number without sign, at most `max`; absl::SimpleAtoi alone would take "+1"
// and " 1".
bool ParseDecimal(std::string_view text, int64_t max, int64_t* out) {
  if (text.empty() || text.size() > 19) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  int64_t value = 0;
  if (!absl::SimpleAtoi(ToAbsl(text), &value) || value > max) return false;
  *out = value;
  return true;
}

// The token for an error message: printable ASCII only, cut short.
std::string Shown(std::string_view token) {
  std::string out;
  for (char c : token.substr(0, 80)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  if (token.size() > 80) out += "...";
  return out;
}

}  // namespace

void LogPositions::Note(std::string_view topic, int partition, int64_t offset) {
  int64_t& known = positions_[{std::string(topic), partition}];
  known = std::max(known, offset);
}

void LogPositions::Note(std::string_view topic, const AppendResult& appended) {
  if (appended.end_offset <= appended.first_offset) return;  // nothing committed
  Note(topic, appended.partition, appended.end_offset);
}

void LogPositions::Merge(const LogPositions& other) {
  for (const auto& [tp, offset] : other.positions_) Note(tp.first, tp.second, offset);
}

std::string LogPositions::ToToken() const {
  std::string token;
  for (const auto& [tp, offset] : positions_) {
    if (!token.empty()) token.push_back(',');
    StrAppend(&token, tp.first, "/", tp.second, ":", offset);
  }
  return token;
}

absl::StatusOr<LogPositions> LogPositions::ParseToken(std::string_view token) {
  constexpr std::string_view kExpected =
      "expected TOPIC/PARTITION:OFFSET[,TOPIC/PARTITION:OFFSET...] as a command returned it "
      "(e.g. tertial.ledger.v1/2:1843)";
  auto bad = [&](std::string_view why) {
    return absl::InvalidArgumentError(
        StrCat("'", Shown(token), "' is not a log position: ", why, "; ", kExpected));
  };
  if (token.empty()) return bad("it is empty");
  if (token.size() > kMaxTokenBytes) {
    return bad(StrCat("it is ", token.size(), " bytes, more than ", kMaxTokenBytes));
  }
  LogPositions parsed;
  size_t count = 0;
  for (size_t start = 0; start <= token.size();) {
    size_t comma = std::min(token.find(',', start), token.size());
    std::string_view part = token.substr(start, comma - start);
    if (++count > kMaxPositions) return bad(StrCat("more than ", kMaxPositions, " positions"));
    size_t slash = part.rfind('/');
    size_t colon = part.rfind(':');
    if (slash == std::string_view::npos || colon == std::string_view::npos || colon < slash) {
      return bad(StrCat("position ", count, " has no TOPIC/PARTITION:OFFSET"));
    }
    std::string_view topic = part.substr(0, slash);
    if (topic.empty() || topic.size() > kMaxTopicBytes ||
        !std::all_of(topic.begin(), topic.end(), IsTopicChar)) {
      return bad(StrCat("position ", count, " names no topic of [A-Za-z0-9._-], at most ",
                        kMaxTopicBytes, " characters"));
    }
    int64_t partition = 0;
    int64_t offset = 0;
    if (!ParseDecimal(part.substr(slash + 1, colon - slash - 1), 1'000'000, &partition)) {
      return bad(StrCat("position ", count, " has no partition number (0 to 1000000)"));
    }
    if (!ParseDecimal(part.substr(colon + 1), INT64_MAX, &offset)) {
      return bad(StrCat("position ", count, " has no offset (a number from 0)"));
    }
    parsed.Note(topic, static_cast<int>(partition), offset);
    start = comma + 1;
  }
  return parsed;
}

ScopedCommits::ScopedCommits() : outer_(current) { current = this; }

ScopedCommits::~ScopedCommits() {
  current = outer_;
  if (outer_ != nullptr) outer_->committed_.Merge(committed_);
}

void ScopedCommits::Note(std::string_view topic, const AppendResult& appended) {
  if (current != nullptr) current->committed_.Note(topic, appended);
}

}  // namespace tertial::eventlog
