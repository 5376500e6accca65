// tertial: the command-line tool. `tertial help` lists the commands.

#include <cstdio>
#include <string>
#include <vector>

#include "cli.h"

int main(int argc, char** argv) {
  using tertial::cli::Command;
  std::vector<Command> commands;
  // Each area registers its commands (commands_<area>.cc).
  for (auto group : {
           tertial::cli::StatusCommands,
           tertial::cli::LogCommands,
           tertial::cli::LedgerCommands,
           tertial::cli::ForecastCommands,
           tertial::cli::GoalsCommands,
           tertial::cli::ReportingCommands,
       }) {
    for (Command& c : group()) commands.push_back(std::move(c));
  }
  std::vector<std::string> args(argv + 1, argv + argc);
  // Usage goes to stdout when asked for (tertial help | less), to stderr after a mistake.
  auto usage = [&](std::FILE* out) {
    std::fprintf(out, "usage: tertial COMMAND [flags]\n\ncommands:\n");
    for (const Command& c : commands) {
      std::fprintf(out, "  %-22s %s\n", c.name.c_str(), c.summary.c_str());
    }
    std::fprintf(
        out,
        "\nWhere the services are (every command takes these):\n"
        "  --data-dir DIR            run them in this process on DIR (the embedded log)\n"
        "  --server ADDR             one tertiald, or the address of all four\n"
        "  --ledger-server ADDR      each service deployed apart; also --forecast-server,\n"
        "                            --goals-server, --reporting-server (or\n"
        "                            $TERTIAL_<SERVICE>_SERVER); they override --server\n"
        "  --token TOKEN             bearer token when the servers check tokens\n"
        "  --tls-ca FILE             talk TLS, trusting this CA\n");
    std::fprintf(out, "\n`tertial COMMAND --help` lists a command's flags.\n");
  };
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    usage(args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  // Commands may have two words ("forecast adjust"); prefer the longest match.
  const Command* best = nullptr;
  size_t best_words = 0;
  for (const Command& c : commands) {
    size_t words = 1;
    std::string joined = args[0];
    if (c.name == joined) {
      if (words > best_words) best = &c, best_words = words;
    } else if (args.size() > 1 && c.name == joined + " " + args[1]) {
      best = &c, best_words = 2;
    }
  }
  if (best == nullptr) {
    std::fprintf(stderr, "tertial: no command '%s'\n\n", args[0].c_str());
    usage(stderr);
    return 2;
  }
  std::vector<std::string> rest(args.begin() + best_words, args.end());
  return best->run(rest);
}
