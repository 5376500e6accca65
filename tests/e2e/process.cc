#include "process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "tertial/base/strings.h"
#include "tertial/testing/ports.h"

extern char** environ;

namespace tertial::e2e {
namespace {

bool Inherited(std::string_view entry) {
  std::string_view name = entry.substr(0, entry.find('='));
  if (name.rfind("TERTIAL_", 0) == 0) return false;
  for (std::string_view peer : {"LEDGER_ADDR", "FORECAST_ADDR", "GOALS_ADDR", "REPORTING_ADDR"}) {
    if (name == peer) return false;
  }
  return true;
}

std::vector<std::string> Environment(const Env& env) {
  std::vector<std::string> out;
  for (char** e = environ; *e != nullptr; ++e) {
    if (Inherited(*e)) out.emplace_back(*e);
  }
  for (const auto& [name, value] : env) out.push_back(StrCat(name, "=", value));
  return out;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Children never outlive the test: each is the leader of its own process group (what it
// starts in turn is killed with it) and gets SIGKILL when the test process dies
// (PR_SET_PDEATHSIG), even when ctest kills the test at its timeout.
pid_t Spawn(std::vector<std::string> args, const Env& env, int stdout_fd, int stderr_fd,
            int close_fd, int stdin_fd = -1, int close_fd2 = -1) {
  std::vector<std::string> environment = Environment(env);
  std::vector<char*> argv = Pointers(args);
  std::vector<char*> envp = Pointers(environment);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid != 0) return pid;  // the test (or -1)
  // The child: only async-signal-safe calls until exec.
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(127);  // the test died before prctl took effect
  if (stdin_fd >= 0) dup2(stdin_fd, 0);
  dup2(stdout_fd, 1);
  dup2(stderr_fd, 2);
  if (close_fd >= 0) close(close_fd);
  if (close_fd2 >= 0) close(close_fd2);
  execve(argv[0], argv.data(), envp.data());
  _exit(127);
}

}  // namespace

Process::Process(std::vector<std::string> args, const Env& env, const std::string& stderr_path)
    : Process(std::move(args), env, stderr_path, false) {}

Process::Process(std::vector<std::string> args, const Env& env, const std::string& stderr_path,
                 bool pipe_stdin) {
  int fds[2];
  if (pipe(fds) != 0) return;
  int input[2] = {-1, -1};
  if (pipe_stdin && pipe2(input, O_CLOEXEC) != 0) {
    close(fds[0]);
    close(fds[1]);
    return;
  }
  int err = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  pid_ = Spawn(std::move(args), env, fds[1], err, fds[0], input[0], input[1]);
  close(fds[1]);
  if (err >= 0) close(err);
  if (input[0] >= 0) close(input[0]);
  in_ = input[1];
  out_ = fds[0];
}

bool Process::WriteLine(const std::string& line) {
  if (in_ < 0) return false;
  std::string text = line + "\n";
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = write(in_, text.data() + done, text.size() - done);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

Process::~Process() {
  if (pid_ > 0) {
    kill(-pid_, SIGKILL);  // the child's process group: it and what it started
    Wait();
  }
  if (out_ >= 0) close(out_);
  if (in_ >= 0) close(in_);
}

std::string Process::ReadLine(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (size_t nl = buffer_.find('\n'); nl != std::string::npos) {
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return line;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || out_ < 0) return "";
    pollfd p{out_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return "";
    char chunk[4096];
    ssize_t n = read(out_, chunk, sizeof(chunk));
    if (n <= 0) return "";
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

void Process::Signal(int signal) {
  if (pid_ > 0) kill(pid_, signal);
}

int Process::Wait() {
  if (pid_ <= 0) return -1;
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return status;
}

std::optional<int> Process::WaitFor(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return status;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Result Run(const std::vector<std::string>& args, const Env& env, std::chrono::seconds timeout) {
  char out_path[] = "/tmp/tertial-e2e-out-XXXXXX";
  char err_path[] = "/tmp/tertial-e2e-err-XXXXXX";
  int out = mkstemp(out_path);
  int err = mkstemp(err_path);
  Result result;
  pid_t pid = Spawn(args, env, out, err, -1);
  close(out);
  close(err);
  if (pid > 0) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    for (;;) {
      pid_t done = waitpid(pid, &status, WNOHANG);
      if (done == pid) break;
      if (std::chrono::steady_clock::now() > deadline) {
        kill(-pid, SIGKILL);
        waitpid(pid, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  }
  result.out = ReadFile(out_path);
  result.err = ReadFile(err_path);
  unlink(out_path);
  unlink(err_path);
  return result;
}

int FreePort() { return ::tertial::testing::FreePort(); }

std::string Scrape(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) {
    std::string request = "GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    if (write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
      char buffer[4096];
      for (ssize_t n; (n = read(fd, buffer, sizeof(buffer))) > 0;) response.append(buffer, n);
    }
  }
  close(fd);
  size_t body = response.find("\r\n\r\n");
  return body == std::string::npos ? "" : response.substr(body + 4);
}

std::map<std::string, double> Samples(const std::string& body, const std::string& prefix) {
  std::map<std::string, double> out;
  std::istringstream lines(body);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(prefix, 0) != 0) continue;
    size_t space = line.rfind(' ');
    if (space == std::string::npos) continue;
    out[line.substr(0, space)] = std::strtod(line.c_str() + space + 1, nullptr);
  }
  return out;
}

std::vector<std::vector<std::string>> FollowUpCycle(const std::string& demo) {
  return {
      {"import", demo + "/units.csv", demo + "/projects.csv", demo + "/ledger-2020.se",
       demo + "/ledger-2021.se"},
      {"import", "--year", "2020", demo + "/budget-2020.csv"},
      {"import", "--year", "2021", demo + "/budget-2021.csv"},
      {"close-period", "2020-12"},
      {"close-period", "2021-08"},
      {"forecast", "method", "--year", "2021", "budget_remaining"},
      {"forecast", "adjust", "--year", "2021", "--file", demo + "/adjustments-2021.csv"},
      {"goals", "import", StrCat(TERTIAL_SOURCE_DIR, "/data/linkoping-ks/plan.yaml")},
  };
}

bool WaitForText(const std::string& path, const std::string& text, std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (ReadFile(path).find(text) == std::string::npos) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

std::string WithoutPublicationTimes(const std::string& report) {
  static const std::regex kTime("[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC");
  return std::regex_replace(report, kTime, "YYYY-MM-DD hh:mm UTC");
}

}  // namespace tertial::e2e
