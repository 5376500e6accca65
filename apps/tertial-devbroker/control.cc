#include "control.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "absl/strings/numbers.h"
#include "tertial/base/strings.h"

namespace tertial::devbroker {
namespace {

using eventlog::KafkaMockCluster;

constexpr char kHelp[] =
    "commands: broker down|up BROKER|all; leader TOPIC PARTITION BROKER; "
    "produce-errors|fetch-errors|list-offsets-errors|metadata-errors COUNT [ERROR]; "
    "clear-errors; rtt BROKER MS; help";

std::vector<std::string_view> Tokens(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

absl::StatusOr<int> Number(std::string_view token, std::string_view what) {
  int value = 0;
  if (!absl::SimpleAtoi(ToAbsl(token), &value)) {
    return absl::InvalidArgumentError(StrCat(what, " ", token, ": expected a whole number"));
  }
  return value;
}

absl::StatusOr<int> Broker(std::string_view token) {
  if (token == "all") return 0;
  absl::StatusOr<int> broker = Number(token, "broker");
  if (broker.ok() && *broker == 0) {
    return absl::InvalidArgumentError("broker 0: brokers are numbered from 1 (or all)");
  }
  return broker;
}

absl::Status Usage(std::string_view usage) {
  return absl::InvalidArgumentError(StrCat("usage: ", usage));
}

absl::Status Run(KafkaMockCluster& cluster, const std::vector<std::string_view>& t) {
  const std::string_view command = t[0];
  if (command == "broker") {
    if (t.size() != 3 || (t[1] != "down" && t[1] != "up"))
      return Usage("broker down|up BROKER|all");
    absl::StatusOr<int> broker = Broker(t[2]);
    if (!broker.ok()) return broker.status();
    return t[1] == "down" ? cluster.SetBrokerDown(*broker) : cluster.SetBrokerUp(*broker);
  }
  if (command == "leader") {
    if (t.size() != 4) return Usage("leader TOPIC PARTITION BROKER");
    absl::StatusOr<int> partition = Number(t[2], "partition");
    if (!partition.ok()) return partition.status();
    absl::StatusOr<int> broker = Number(t[3], "broker");
    if (!broker.ok()) return broker.status();
    return cluster.SetLeader(t[1], *partition, *broker);
  }
  struct ErrorCommand {
    std::string_view name;
    KafkaMockCluster::Api api;
  };
  for (const ErrorCommand& c :
       {ErrorCommand{"produce-errors", KafkaMockCluster::Api::kProduce},
        ErrorCommand{"fetch-errors", KafkaMockCluster::Api::kFetch},
        ErrorCommand{"list-offsets-errors", KafkaMockCluster::Api::kListOffsets},
        ErrorCommand{"metadata-errors", KafkaMockCluster::Api::kMetadata}}) {
    if (command != c.name) continue;
    if (t.size() != 2 && t.size() != 3) return Usage(StrCat(c.name, " COUNT [ERROR]"));
    absl::StatusOr<int> count = Number(t[1], "count");
    if (!count.ok()) return count.status();
    return cluster.FailRequests(c.api, *count, t.size() == 3 ? t[2] : std::string_view());
  }
  if (command == "clear-errors") {
    if (t.size() != 1) return Usage("clear-errors");
    for (auto api : {KafkaMockCluster::Api::kProduce, KafkaMockCluster::Api::kFetch,
                     KafkaMockCluster::Api::kListOffsets, KafkaMockCluster::Api::kMetadata}) {
      cluster.ClearRequestErrors(api);
    }
    return absl::OkStatus();
  }
  if (command == "rtt") {
    if (t.size() != 3) return Usage("rtt BROKER MS");
    absl::StatusOr<int> broker = Number(t[1], "broker");
    if (!broker.ok()) return broker.status();
    absl::StatusOr<int> ms = Number(t[2], "rtt");
    if (!ms.ok()) return ms.status();
    return cluster.SetBrokerRtt(*broker, *ms);
  }
  return absl::InvalidArgumentError(StrCat("unknown command ", command, "; ", kHelp));
}

// What is printed of a line in an answer: printable ASCII, cut short.
std::string Shown(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 64)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  if (text.size() > 64) out += "...";
  return out;
}

bool WriteAll(int fd, std::string text) {
  text.push_back('\n');
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

std::string Execute(eventlog::KafkaMockCluster& cluster, std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::vector<std::string_view> tokens = Tokens(line);
  if (tokens.empty() || tokens[0][0] == '#') return "";
  if (tokens[0] == "help" && tokens.size() == 1) return kHelp;
  absl::Status status = Run(cluster, tokens);
  if (status.ok()) return "ok";
  // The message names the argument that was wrong; a command's own words are ASCII.
  return StrCat("error: ", Shown(tokens[0]), ": ", status.message());
}

void Serve(eventlog::KafkaMockCluster& cluster, int in_fd, int out_fd, int stop_fd) {
  std::string line;
  bool too_long = false;  // skipping the rest of a line past kMaxControlLine
  char chunk[512];
  for (;;) {
    pollfd fds[2] = {{in_fd, POLLIN, 0}, {stop_fd, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    ssize_t n = read(in_fd, chunk, sizeof(chunk));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the controller went away; the broker runs on
    for (ssize_t i = 0; i < n; ++i) {
      const char c = chunk[i];
      if (c != '\n') {
        if (too_long) continue;
        if (line.size() == kMaxControlLine) {
          too_long = true;
          line.clear();
          continue;
        }
        line.push_back(c);
        continue;
      }
      std::string answer =
          too_long ? StrCat("error: line longer than ", kMaxControlLine, " bytes; ignored")
                   : Execute(cluster, line);
      too_long = false;
      line.clear();
      if (!answer.empty() && !WriteAll(out_fd, answer)) return;
    }
  }
}

}  // namespace tertial::devbroker
