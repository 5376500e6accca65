#ifndef TERTIAL_TESTS_E2E_PROCESS_H_
#define TERTIAL_TESTS_E2E_PROCESS_H_

// Child processes for end-to-end tests: servers that run until signalled, and commands run
// to completion. Children get a clean environment (the test's, without any TERTIAL_* or
// <SERVICE>_ADDR variable) plus what the test gives, so a developer's settings cannot
// leak into a run.

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tertial::e2e {

using Env = std::map<std::string, std::string>;

// A running child. stdout is a pipe the test reads lines from; stderr goes to a file.
class Process {
 public:
  Process(std::vector<std::string> args, const Env& env, const std::string& stderr_path);
  // The same, and with `pipe_stdin` the child's stdin is a pipe the test writes to
  // (WriteLine); otherwise it inherits the test's.
  Process(std::vector<std::string> args, const Env& env, const std::string& stderr_path,
          bool pipe_stdin);
  ~Process();  // SIGKILLs a child still running
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // The next line of stdout; empty at end of output or after `timeout`.
  std::string ReadLine(std::chrono::milliseconds timeout);
  // Writes `line` and a newline to the child's stdin (a Process made with pipe_stdin);
  // false if it cannot.
  bool WriteLine(const std::string& line);
  void Signal(int signal);
  // waitpid's status; -1 if there is no child.
  int Wait();
  // The same, giving up after `timeout`: nullopt while the child still runs.
  std::optional<int> WaitFor(std::chrono::milliseconds timeout);
  bool running() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  int in_ = -1;  // the child's stdin, with pipe_stdin
  std::string buffer_;
};

struct Result {
  int exit_code = -1;  // -1: did not exit normally
  std::string out;
  std::string err;
};

// Runs `args` to completion (killed after `timeout`).
Result Run(const std::vector<std::string>& args, const Env& env,
           std::chrono::seconds timeout = std::chrono::seconds(60));

// A port on 127.0.0.1 that was free a moment ago.
int FreePort();

// The body of GET /metrics on 127.0.0.1:port.
std::string Scrape(int port);
// Samples of a Prometheus text body whose name starts with `prefix`:
// "name{labels}" -> value.
std::map<std::string, double> Samples(const std::string& body, const std::string& prefix);

std::string ReadFile(const std::string& path);
// Waits until the file at `path` contains `text` (a server's log line); false after `timeout`.
bool WaitForText(const std::string& path, const std::string& text, std::chrono::seconds timeout);

// The report says when its forecast was published ("publicerad 2021-09-03 12:02 UTC"); two
// runs publish at different times, so comparisons leave those times out.
std::string WithoutPublicationTimes(const std::string& report);

// The demo municipality's follow-up cycle as a controller types it: the CLI's arguments
// (without where the services are), given the folder tertial-demo-data wrote.
std::vector<std::vector<std::string>> FollowUpCycle(const std::string& demo);

}  // namespace tertial::e2e

#endif  // TERTIAL_TESTS_E2E_PROCESS_H_
