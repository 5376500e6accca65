#ifndef TERTIAL_APPS_TERTIAL_COMMANDS_LEDGER_H_
#define TERTIAL_APPS_TERTIAL_COMMANDS_LEDGER_H_

// The ledger's commands, one file per responsibility; LedgerCommands() (commands_ledger.cc)
// lists them:
//   commands_ledger.cc         balances, units, projects, close-period, and what they share
//   commands_ledger_import.cc  import (files streamed with progress) and imports
//   commands_ledger_retract.cc import retract and reopen-period: a controller's corrections

#include <string>
#include <vector>

#include "cli.h"
#include "client.h"
#include "tertial/base/strings.h"
#include "tertial/ledger/v1/service.grpc.pb.h"

namespace tertial::cli::ledger_commands {

using LedgerClient = Client<::tertial::ledger::v1::LedgerService>;

// What a list command (units, projects, imports) does first: parses its flags (the
// globals into `global`, and --org), then asks `method` for the organisation's list.
// The flags' status (CANCELLED after --help) or the call's on failure, for Fail.
template <typename Request, typename Response>
absl::StatusOr<Response> AskForList(const std::string& name, const std::vector<std::string>& args,
                                    grpc::Status (LedgerClient::Stub::*method)(grpc::ClientContext*,
                                                                               const Request&,
                                                                               Response*),
                                    GlobalOptions* global) {
  std::string organisation;
  config::FlagSet flags(name);
  AddGlobalFlags(flags, global);
  flags.String("org", &organisation, "kommunkod", {.env = "TERTIAL_ORG", .required = true});
  absl::StatusOr<std::vector<std::string>> rest = flags.Parse(args);
  if (!rest.ok()) return rest.status();
  if (!rest->empty()) {
    return absl::InvalidArgumentError(StrCat("unexpected argument ", (*rest)[0]));
  }
  absl::StatusOr<LedgerClient> client = LedgerClient::Open(*global, "ledger");
  if (!client.ok()) return client.status();
  Request request;
  request.set_organisation(organisation);
  Response response;
  if (absl::Status s = client->Call(method, request, &response); !s.ok()) return s;
  return response;
}

int RunImport(const std::vector<std::string>& args);
int RunImports(const std::vector<std::string>& args);
int RunImportRetract(const std::vector<std::string>& args);
int RunReopenPeriod(const std::vector<std::string>& args);

}  // namespace tertial::cli::ledger_commands

#endif  // TERTIAL_APPS_TERTIAL_COMMANDS_LEDGER_H_
