#ifndef TERTIAL_GOALS_DOMAIN_DECIDE_H_
#define TERTIAL_GOALS_DOMAIN_DECIDE_H_

// Decide: from the state and what a command or an import proposes, the events to append.
// Pure.
//
// Every command and every line of an import proposes facts (a GoalsEvent each). Decide
// checks each against the state and the proposals before it (a goal needs its plan and
// parent, a value its indicator, ...), keeps only those that change something (restating
// a recorded fact appends nothing, so re-imports are idempotent), and then derives what
// the new facts call for (ledger-derived values, evaluations). A proposal that fails a
// check is an error naming where it came from; one error rejects the whole batch.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/finance.h"
#include "domain/state.h"
#include "tertial/base/issues.h"
#include "tertial/goals/v1/events.pb.h"

namespace tertial::goals {

namespace pb = ::tertial::goals::v1;

// Where a proposal came from, for messages.
struct Origin {
  std::string file;
  int line = 0;
  std::string field;
};

struct Proposal {
  pb::GoalsEvent event;
  Origin origin;
};

// A problem with a proposal: tertial's one issue type (tertial/base/issues.h), at the
// proposal's origin.
inline Issue IssueAt(const Origin& origin, std::string message) {
  return Issue{origin.file, origin.line, origin.field, std::move(message)};
}

struct Decision {
  std::vector<pb::GoalsEvent> facts;  // the proposals that change something, in order
  std::vector<Issue> errors;
  std::vector<Issue> warnings;
};

// In decide_facts.cc: one check per kind of fact.
Decision DecideFacts(const State& state, const std::vector<Proposal>& proposals);

// A whole plan (board, year) is being imported: items the state's plan has and the
// proposals no longer define are proposed for removal (appended to `proposals`).
void ProposeRemovals(const State& state, const std::string& board, int year,
                     std::vector<Proposal>& proposals);

// The error for an import whose facts (DecideFacts) would remove plan items: how many and
// the first few by kind and id, naming the flag that allows it; nullopt if it removes
// none. A truncated plan file is valid YAML too, and must not empty a plan silently.
std::optional<Issue> RefuseRemovals(const std::vector<pb::GoalsEvent>& facts,
                                    std::string_view file);

// The derived events that the state (facts applied) and the ledger call for and that
// differ from what was last published: ledger-derived indicator values first, then the
// evaluations of every plan at its evaluation periods.
//
// `ledger_values` false skips recomputing the ledger-derived values (they depend only on
// the ledger and the indicators' derivations): for commands that change neither.
std::vector<pb::GoalsEvent> Derive(const State& state, const LedgerFacts& ledger,
                                   bool ledger_values = true);

// Whether facts can change a ledger-derived value (a derivation defined or removed).
bool TouchesDerivations(const std::vector<pb::GoalsEvent>& facts);

// Whether two facts say the same (their serializations are equal): restating a recorded
// fact changes nothing.
bool Same(const google::protobuf::Message& a, const google::protobuf::Message& b);

// The aggregate key of an event's envelope ("goal/KS/2021/social", "value/KS/sjuk", ...).
std::string AggregateKey(const pb::GoalsEvent& event);

}  // namespace tertial::goals

#endif  // TERTIAL_GOALS_DOMAIN_DECIDE_H_
