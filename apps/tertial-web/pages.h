#ifndef TERTIAL_APPS_TERTIAL_WEB_PAGES_H_
#define TERTIAL_APPS_TERTIAL_WEB_PAGES_H_

// The web app's pages as HTML: Swedish, server-rendered, readable without JavaScript, with
// landmarks (header, nav, main), labelled form fields and lang="sv". Pure: each takes what
// it shows and returns the document; every text from data or people is escaped here.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report_status.h"
#include "tertial/grpcutil/auth.h"
#include "tertial/period/period.h"

namespace tertial::web {

// Who is signed in, for the header and its sign-out form.
struct Viewer {
  grpcutil::Principal principal;
  std::string csrf;
};

// `csrf` is the sign-in form's token; `error` a message for people ("" for none).
std::string LoginPage(std::string_view csrf, std::string_view error);

// One board on the start page: its periods and, for the one shown, what is done.
struct BoardOverview {
  std::string organisation;
  std::string organisation_name;
  std::string board;
  std::string board_name;
  std::vector<period::Period> periods;  // oldest first
  period::Period shown;
  std::optional<ReportStatus> status;  // of `shown`; empty with `error`
  std::string error;                   // why there is no status, for people
};
std::string StartPage(const Viewer& viewer, const std::vector<BoardOverview>& boards);

// The report page: the report as rendered (an iframe of its HTML) and every download.
struct ReportOverview {
  std::string organisation;
  std::string board;
  period::Period period;
  ReportStatus status;
};
std::string ReportPage(const Viewer& viewer, const ReportOverview& report);

// A unit (nämnd, förvaltning, stab, enhet) for a period of its fiscal year: net cost
// (classes 3-7, SIE signs: costs positive) actual vs budget per month, the full-year
// forecast with its method, the units below it and the forecast adjustments with reasons.
struct UnitOverview {
  struct Month {
    period::Period period;
    int64_t actual_ore = 0;
    int64_t budget_ore = 0;
    bool has_actual = false;  // through the period shown
  };
  struct Row {
    std::string unit_id;
    std::string name;
    int64_t forecast_net_ore = 0;
    int64_t budget_net_ore = 0;
    int64_t deviation_net_ore = 0;  // budget - forecast, positive = surplus
    std::string method;
  };
  struct AdjustmentLine {
    std::string unit_id;
    std::string side;  // "kostnader", "intäkter"
    int64_t amount_ore = 0;
    std::string reason;
    std::string actor;
  };
  std::string organisation;
  std::string unit_id;
  period::Period period;
  std::vector<Month> months;
  std::optional<Row> forecast;   // the unit itself; empty without a published forecast
  std::string forecast_missing;  // why, for people
  std::string method_requested;
  std::vector<Row> children;
  std::vector<AdjustmentLine> adjustments;
};
std::string UnitPage(const Viewer& viewer, const UnitOverview& unit);

// A board's goals for a period, as the goals service reports them: per målområde and
// kommunövergripande mål, each nämndmål with its assessment, the check of the assessment
// against its indicators, and the indicators' values, targets and status. Texts are
// already in Swedish; values as printed (decimal comma, "I.U.").
struct GoalsOverview {
  struct Indicator {
    std::string label;
    bool breakdown = false;           // a row of a whole (kvinnor, män)
    std::vector<std::string> values;  // one per column
    std::string target;
    std::string status;
  };
  struct Goal {
    int level = 0;  // 1 målområde, 2 kommunövergripande mål, 3 nämndmål
    std::string name;
    std::string assessment;  // "uppfylls delvis", "ej bedömd"
    std::string colour;      // green, yellow, red, grey, none
    std::string rationale;
    bool contradicted = false;
    std::string check;                 // the check's reason, for people
    std::vector<std::string> columns;  // the indicators' value columns ("2019", "augusti 2021")
    std::vector<Indicator> indicators;
  };
  std::string organisation;
  std::string board;
  period::Period period;
  std::vector<Goal> goals;  // pre-order
  int assessed = 0;
  int board_goals = 0;
  int contradictions = 0;
};
std::string GoalsPage(const Viewer& viewer, const GoalsOverview& goals);

// An error for people: `code` (404), `message` as the service or router said it.
std::string ErrorPage(const std::optional<Viewer>& viewer, int code, std::string_view message);

// "/report/0580/KS/2021-08" (the report page; add ".html" etc. for its files).
std::string ReportPath(std::string_view organisation, std::string_view board,
                       const period::Period& period);
// "/unit/0580/EKS/2021-08".
std::string UnitPath(std::string_view organisation, std::string_view unit,
                     const period::Period& period);
// "/goals/0580/KS/2021-08".
std::string GoalsPath(std::string_view organisation, std::string_view board,
                      const period::Period& period);
// "augusti 2021".
std::string PeriodName(const period::Period& period);

}  // namespace tertial::web

#endif  // TERTIAL_APPS_TERTIAL_WEB_PAGES_H_
