#ifndef TERTIAL_GOALS_CORE_H_
#define TERTIAL_GOALS_CORE_H_

// The goals service without its wire: commands and imports go through Decide and are
// appended as one batch each; queries read the projection after catching up. Also
// publishes what the ledger's events change (derived values, evaluations). The gRPC
// handler (grpc_service.h) adds authorization and the organisation.
//
// Thread-safe: commands, imports and publications are serialised; queries run
// concurrently on snapshots.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/decide.h"
#include "domain/state.h"
#include "projection.h"
#include "tertial/eventlog/event_log.h"
#include "tertial/goals/v1/service.pb.h"
#include "tertial/projection/runner.h"
#include "tertial/projection/store.h"

namespace tertial::goals {

struct ImportInput {
  std::string organisation;  // may be empty: from the file, else the only organisation
  pb::ImportFormat format = pb::IMPORT_FORMAT_UNSPECIFIED;
  std::string file_name;
  std::string content;
  std::string board;
  int year = 0;
  bool dry_run = false;
  std::string actor;
  // A plan import that would remove items is refused unless this is set.
  bool allow_removals = false;
};

class GoalsCore {
 public:
  // `log` outlives the core. Opens (or creates) the projection in `data_dir`.
  static absl::StatusOr<std::unique_ptr<GoalsCore>> Open(eventlog::EventLog* log,
                                                         const std::string& data_dir);
  ~GoalsCore();
  GoalsCore(const GoalsCore&) = delete;
  GoalsCore& operator=(const GoalsCore&) = delete;

  // For queries: waits for the projection as Runner::AwaitRead does (never asking the log
  // itself); if it is current and the ledger moved since the last time, publishes what it
  // changed for every organisation.
  absl::Status Refresh();
  // For the component's follower and its start: catches the projection up from the log,
  // then publishes as Refresh does.
  absl::Status FollowLog();

  // Proposals of one command, appended (with what they derive) as one batch.
  absl::StatusOr<pb::CommandResult> Execute(const std::string& organisation,
                                            const std::string& actor,
                                            std::vector<Proposal> proposals);
  // An import is checked whole; `organisation` is resolved (and returned) first so that
  // the caller can authorize it before anything is decided.
  absl::StatusOr<std::string> ImportOrganisation(const ImportInput& input);
  absl::StatusOr<pb::ImportResult> Import(const ImportInput& input);

  // The organisation's facts after catching up.
  absl::StatusOr<State> Load(const std::string& organisation);
  absl::StatusOr<std::vector<std::string>> Organisations();
  // `requested` or, when empty, the only organisation with goals.
  absl::StatusOr<std::string> ResolveOrganisation(const std::string& requested);

  projection::Runner& runner() { return *runner_; }
  projection::ProjectionDb& db() { return *db_; }

 private:
  GoalsCore() = default;
  absl::Status CatchUp();
  // Publishes what the ledger changed since the last time, and catches up again.
  absl::Status PublishDerived();
  // Appends facts + derived for `organisation`; the mutex is held.
  absl::StatusOr<int> AppendLocked(const std::string& organisation, const std::string& actor,
                                   const State& state, const LedgerFacts& ledger,
                                   std::vector<pb::GoalsEvent> facts,
                                   const std::string& correlation);
  absl::Status PublishDerivedLocked(const std::string& organisation);
  int64_t LedgerConsumed();

  eventlog::EventLog* log_ = nullptr;
  std::unique_ptr<projection::ProjectionDb> db_;
  std::unique_ptr<GoalsProjection> projection_;
  std::unique_ptr<projection::Runner> runner_;
  std::mutex write_mutex_;
  std::atomic<int64_t> ledger_seen_{-1};  // written under write_mutex_
};

}  // namespace tertial::goals

#endif  // TERTIAL_GOALS_CORE_H_
