#ifndef TERTIAL_FORECAST_DOMAIN_COMMANDS_H_
#define TERTIAL_FORECAST_DOMAIN_COMMANDS_H_

// The forecast context's commands, decided against the organisation's current state:
// Decide(state, command) -> events. Pure: ids are given by the caller (random for a command
// by hand, derived from the file for an import), so deciding twice gives the same events.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/figures.h"
#include "domain/org_model.h"
#include "tertial/forecast/v1/events.pb.h"
#include "tertial/period/period.h"

namespace tertial::forecast {

// "costs", "revenues", "investment_spending", "investment_income".
std::string_view SideName(AdjustmentSide side);
absl::StatusOr<AdjustmentSide> ParseSide(std::string_view name);

struct AdjustmentDraft {
  std::string adjustment_id;
  std::string unit_id;
  std::string project_id;
  std::optional<AdjustmentSide> side;  // nullopt: not given
  int64_t amount_ore = 0;
  std::string reason;
  std::optional<period::Period> expires_after;
  // Where it came from, for errors and for the record: file and line of a CSV row.
  std::string file;
  int line = 0;
};

struct AdjustCommand {
  int fiscal_year = 0;
  std::vector<AdjustmentDraft> drafts;
  std::string actor;
};

struct AdjustDecision {
  std::vector<v1::AdjustmentMade> events;  // the new ones
  std::vector<std::string> ids;            // every draft's, in order
  int already_made = 0;                    // drafts whose identical adjustment exists
};

// All or nothing: any invalid draft fails the whole command, with every problem listed
// (file:line: field: what was expected). A draft whose id exists with the same content is
// already made (idempotent retry or re-import); with other content it is ALREADY_EXISTS.
absl::StatusOr<AdjustDecision> DecideAdjust(const OrgModel& state, const AdjustCommand& command);

// nullopt when already withdrawn. NotFound for an unknown id; the reason is required.
absl::StatusOr<std::optional<v1::AdjustmentWithdrawn>> DecideWithdraw(
    const OrgModel& state, std::string_view adjustment_id, std::string_view reason,
    std::string_view actor);

// nullopt when that method is already the choice for (year, unit). An empty unit is the
// organisation's default.
absl::StatusOr<std::optional<v1::MethodChosen>> DecideChooseMethod(const OrgModel& state,
                                                                   int fiscal_year,
                                                                   std::string_view unit_id,
                                                                   std::string_view method,
                                                                   std::string_view actor);

// Parses an adjustments.csv (docs/formats.md) into drafts without ids. Errors name file,
// line and field; every row is checked before failing.
absl::StatusOr<std::vector<AdjustmentDraft>> ParseAdjustmentsCsv(std::string_view content,
                                                                 std::string_view file_name);

}  // namespace tertial::forecast

#endif  // TERTIAL_FORECAST_DOMAIN_COMMANDS_H_
