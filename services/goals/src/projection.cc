#include "projection.h"

#include <cstdio>
#include <map>
#include <set>

#include "tertial/base/strings.h"
#include "tertial/chart/account_class.h"
#include "tertial/chart/posting.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/eventlog/key_coding.h"
#include "tertial/goals/v1/events.pb.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/money/money.h"
#include "tertial/period/proto.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals {
namespace {

namespace lpb = ::tertial::ledger::v1;

constexpr char kSep = '\0';

std::string Year(int year) {
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "%04d", year);
  return buffer;
}

std::string PeriodText(int year, int month) {
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d", year, month);
  return buffer;
}

std::string PeriodText(const pb::ValuePeriod& p) { return PeriodText(p.year(), p.month()); }
std::string PeriodText(const period::Period& p) { return PeriodText(p.year, p.month); }

// Joins parts with the separator: Key("G", org, "plan", ...).
template <typename... Parts>
std::string Key(const Parts&... parts) {
  std::string out;
  ((out.append(std::string_view(parts)), out.push_back(kSep)), ...);
  out.pop_back();
  return out;
}

std::string Be64(int64_t v) {
  std::string out;
  eventlog::PutBigEndian64(&out, static_cast<uint64_t>(v));
  return out;
}

std::string EncodeSums(const LedgerSums& s) { return Be64(s.actual_ore) + Be64(s.budget_ore); }

LedgerSums DecodeSums(std::string_view v) {
  LedgerSums s;
  if (v.size() >= 16) {
    s.actual_ore = static_cast<int64_t>(eventlog::GetBigEndian64(v.data()));
    s.budget_ore = static_cast<int64_t>(eventlog::GetBigEndian64(v.data() + 8));
  }
  return s;
}

int64_t DecodeAmount(std::string_view v) {
  return v.size() >= 8 ? static_cast<int64_t>(eventlog::GetBigEndian64(v.data())) : 0;
}

std::vector<std::string_view> Split(std::string_view key) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= key.size(); ++i) {
    if (i == key.size() || key[i] == kSep) {
      parts.push_back(key.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + (c - '0');
  }
  return v;
}

PeriodKey ParseKeyPeriod(std::string_view s) {
  return s.size() == 7 ? PeriodKey{ToInt(s.substr(0, 4)), ToInt(s.substr(5))} : PeriodKey{0, 0};
}

// The key a goals fact is kept under; `remove` set for removals (the key to delete).
std::string FactKey(const std::string& org, const pb::GoalsEvent& event, int64_t offset,
                    bool* remove) {
  *remove = false;
  const std::string G = "G";
  switch (event.event_case()) {
    case pb::GoalsEvent::kPlanDefined: {
      const auto& e = event.plan_defined();
      return Key(G, org, "plan", e.board_unit_id(), Year(e.year()));
    }
    case pb::GoalsEvent::kGoalDefined: {
      const auto& e = event.goal_defined();
      return Key(G, org, "goal", e.board_unit_id(), Year(e.year()), e.goal_id());
    }
    case pb::GoalsEvent::kIndicatorDefined: {
      const auto& e = event.indicator_defined();
      return Key(G, org, "ind", e.board_unit_id(), Year(e.year()), e.indicator_id());
    }
    case pb::GoalsEvent::kTargetSet: {
      const auto& e = event.target_set();
      return Key(G, org, "target", e.board_unit_id(), Year(e.year()), e.indicator_id(),
                 e.breakdown());
    }
    case pb::GoalsEvent::kIndicatorValueRecorded: {
      const auto& e = event.indicator_value_recorded();
      return Key(G, org, "value", e.board_unit_id(), e.indicator_id(), e.breakdown(),
                 PeriodText(e.period()), Be64(offset));
    }
    case pb::GoalsEvent::kIndicatorValueWithdrawn: {
      const auto& e = event.indicator_value_withdrawn();
      return Key(G, org, "value", e.board_unit_id(), e.indicator_id(), e.breakdown(),
                 PeriodText(e.period()), Be64(offset));
    }
    case pb::GoalsEvent::kAssessmentRecorded: {
      const auto& e = event.assessment_recorded();
      return Key(G, org, "assess", e.board_unit_id(), Year(e.year()), e.goal_id(),
                 PeriodText(e.period()));
    }
    case pb::GoalsEvent::kActivityDefined: {
      const auto& e = event.activity_defined();
      return Key(G, org, "act", e.board_unit_id(), Year(e.year()), e.activity_id());
    }
    case pb::GoalsEvent::kActivityStatusReported: {
      const auto& e = event.activity_status_reported();
      return Key(G, org, "actst", e.board_unit_id(), Year(e.year()), e.activity_id(),
                 PeriodText(e.period()));
    }
    case pb::GoalsEvent::kAssignmentDefined: {
      const auto& e = event.assignment_defined();
      return Key(G, org, "asg", e.board_unit_id(), Year(e.year()), e.assignment_id());
    }
    case pb::GoalsEvent::kAssignmentStatusReported: {
      const auto& e = event.assignment_status_reported();
      return Key(G, org, "asgst", e.board_unit_id(), Year(e.year()), e.assignment_id(),
                 PeriodText(e.period()));
    }
    case pb::GoalsEvent::kPersonnelFigureRecorded: {
      const auto& e = event.personnel_figure_recorded();
      return Key(G, org, "pers", e.unit_id(), std::to_string(e.measure()), PeriodText(e.period()));
    }
    case pb::GoalsEvent::kPersonnelTargetSet: {
      const auto& e = event.personnel_target_set();
      return Key(G, org, "perst", e.unit_id(), std::to_string(e.measure()), Year(e.year()));
    }
    case pb::GoalsEvent::kPlanItemRemoved: {
      const auto& e = event.plan_item_removed();
      *remove = true;
      std::string_view kind;
      switch (e.kind()) {
        case pb::PLAN_ITEM_KIND_GOAL:
          kind = "goal";
          break;
        case pb::PLAN_ITEM_KIND_INDICATOR:
          kind = "ind";
          break;
        case pb::PLAN_ITEM_KIND_ACTIVITY:
          kind = "act";
          break;
        case pb::PLAN_ITEM_KIND_ASSIGNMENT:
          kind = "asg";
          break;
        default:
          return "";
      }
      return Key(G, org, kind, e.board_unit_id(), Year(e.year()), e.id());
    }
    case pb::GoalsEvent::kImportCompleted:
      return Key(G, org, "import", Be64(offset));
    case pb::GoalsEvent::kEvaluationPublished: {
      const auto& e = event.evaluation_published();
      return Key(G, org, "eval", e.board_unit_id(), Year(e.year()), PeriodText(e.period()));
    }
    case pb::GoalsEvent::EVENT_NOT_SET:
      break;
  }
  return "";
}

absl::StatusOr<int64_t> Get(projection::Store& store, const std::string& key) {
  auto value = store.Get(key);
  if (!value.ok()) return value.status();
  return value->has_value() ? DecodeAmount(**value) : 0;
}

}  // namespace

// The ledger sums a step's events change, read from the store at the first touch and
// written once in EndStep (a step applies thousands of voucher lines into a few hundred
// sums), and the voucher months it marked.
struct GoalsProjection::Step {
  std::map<std::string, LedgerSums> sums;
  std::set<std::string> marked;

  absl::Status AddSums(projection::Store& store, const std::string& key, int64_t actual,
                       int64_t budget) {
    auto it = sums.find(key);
    if (it == sums.end()) {
      auto value = store.Get(key);
      if (!value.ok()) return value.status();
      it = sums.emplace(key, value->has_value() ? DecodeSums(**value) : LedgerSums{}).first;
    }
    LedgerSums& s = it->second;
    if (absl::Status status =
            money::Add(&s.actual_ore, actual, StrCat("the actual amounts at ", key));
        !status.ok())
      return status;
    if (absl::Status status = money::Add(&s.budget_ore, budget, StrCat("the budget at ", key));
        !status.ok())
      return status;
    return absl::OkStatus();
  }
  void Mark(projection::Store& store, std::string key) {
    if (marked.insert(key).second) store.Put(key, "");
  }
  void Flush(projection::Store& store) {
    for (const auto& [key, s] : sums) store.Put(key, EncodeSums(s));
    Clear();
  }
  void Clear() {
    sums.clear();
    marked.clear();
  }
};

namespace {

using Step = GoalsProjection::Step;

absl::Status ApplyLedger(const std::string& org, const lpb::LedgerEvent& event,
                         chart::VoucherIndex& vouchers, Step& step, projection::Store& store) {
  const std::string L = "L";
  switch (event.event_case()) {
    case lpb::LedgerEvent::kUnitDefined:
      store.Put(Key(L, org, "u", event.unit_defined().unit_id()),
                event.unit_defined().SerializeAsString());
      return absl::OkStatus();
    case lpb::LedgerEvent::kProjectDefined:
      store.Put(Key(L, org, "p", event.project_defined().project_id()),
                event.project_defined().SerializeAsString());
      return absl::OkStatus();
    case lpb::LedgerEvent::kFiscalYearDefined:
      store.Put(Key(L, org, "f", Year(event.fiscal_year_defined().fiscal_year())),
                event.fiscal_year_defined().SerializeAsString());
      return absl::OkStatus();
    case lpb::LedgerEvent::kPeriodClosed:
      store.Put(Key(L, org, "c", PeriodText(period::FromProto(event.period_closed().period()))),
                "");
      return absl::OkStatus();
    case lpb::LedgerEvent::kVoucherPosted: {
      const auto& v = event.voucher_posted();
      // A voucher key the log holds twice counts once (tertial/chart/voucher_index.h).
      absl::StatusOr<bool> counts = vouchers.Admit(store, org, v);
      if (!counts.ok()) return counts.status();
      if (!*counts) return absl::OkStatus();
      const std::string fy = Year(v.fiscal_year());
      // Every line counts in the voucher's month (tertial/chart/posting.h).
      const period::Period month = chart::CountingPeriod(v);
      const std::string period = PeriodText(month);
      step.Mark(store, Key(L, org, "v", fy, period));
      for (const lpb::Transaction& t : v.transactions()) {
        if (!chart::Counts(t) || !chart::IsOperating(t.account())) continue;
        const std::string unit(chart::UnitOf(t));
        absl::Status s = step.AddSums(store, Key(L, org, "o", fy, period, unit), t.amount_ore(), 0);
        if (!s.ok()) return s;
        if (t.account()[0] == '5') {  // personalkostnader
          s = step.AddSums(store, Key(L, org, "s", fy, period, unit), t.amount_ore(), 0);
          if (!s.ok()) return s;
        }
      }
      // Investment per project: the net of spending and income, as a budget is set for it.
      absl::StatusOr<std::map<std::string, chart::ProjectInvestment>> investments =
          chart::InvestmentOf(v);
      if (!investments.ok()) return investments.status();
      for (const auto& [project, investment] : *investments) {
        absl::Status s =
            step.AddSums(store, Key(L, org, "i", fy, period, project, investment.unit_id),
                         investment.net_ore(), 0);
        if (!s.ok()) return s;
      }
      return absl::OkStatus();
    }
    case lpb::LedgerEvent::kImportCompleted:
      vouchers.Completed(store, org, event.import_completed().import_id());
      return absl::OkStatus();
    case lpb::LedgerEvent::kBudgetLinesSet: {
      const auto& b = event.budget_lines_set();
      const std::string fy = Year(b.fiscal_year());
      for (const lpb::BudgetLine& line : b.lines()) {
        chart::AccountKind kind = chart::Classify(line.account());
        if (kind == chart::AccountKind::kOther) continue;
        const std::string period = PeriodText(period::FromProto(line.period()));
        const std::string raw = Key(L, org, "b", b.version(), fy, line.unit_id(), line.account(),
                                    line.project_id(), period);
        auto old = Get(store, raw);
        if (!old.ok()) return old.status();
        store.Put(raw, Be64(line.amount_ore()));
        if (!b.version().empty()) continue;  // only the default budget counts
        int64_t delta = line.amount_ore() - *old;
        absl::Status s =
            chart::IsInvestment(kind)
                ? step.AddSums(store,
                               Key(L, org, "i", fy, period, line.project_id(), line.unit_id()), 0,
                               delta)
                : step.AddSums(store, Key(L, org, "o", fy, period, line.unit_id()), 0, delta);
        if (!s.ok()) return s;
      }
      return absl::OkStatus();
    }
    default:
      return absl::OkStatus();
  }
}

std::string Prefix(std::string_view tag, const std::string& org) {
  std::string out(tag);
  out.push_back(kSep);
  out += org;
  out.push_back(kSep);
  return out;
}

}  // namespace

GoalsProjection::GoalsProjection() : step_(std::make_unique<Step>()) {}
GoalsProjection::~GoalsProjection() = default;

void GoalsProjection::BeginStep() {
  step_->Clear();
  vouchers_.BeginStep();
}

absl::Status GoalsProjection::EndStep(projection::Store& store) {
  step_->Flush(store);
  return vouchers_.EndStep(store);
}

std::vector<std::string> GoalsProjection::Topics() const {
  return {std::string(eventlog::kLedgerTopic), std::string(eventlog::kGoalsTopic)};
}

absl::Status GoalsProjection::Apply(std::string_view topic, const eventlog::Record& record,
                                    const eventlog::Envelope& envelope, projection::Store& store) {
  const std::string& org = envelope.organisation();
  if (topic == eventlog::kLedgerTopic) {
    lpb::LedgerEvent& event = ledger_event_;
    event.Clear();
    if (absl::Status s = eventlog::Unwrap(envelope, &event); !s.ok()) return s;
    return ApplyLedger(org, event, vouchers_, *step_, store);
  }
  pb::GoalsEvent event;
  if (absl::Status s = eventlog::Unwrap(envelope, &event); !s.ok()) return s;
  bool remove = false;
  std::string key = FactKey(org, event, record.offset, &remove);
  if (key.empty()) return absl::OkStatus();  // a case this version does not know
  store.Put(Key(std::string("O"), org), "");
  if (remove) {
    store.Delete(key);
  } else {
    store.Put(key, envelope.SerializeAsString());
  }
  return absl::OkStatus();
}

absl::StatusOr<State> LoadState(const projection::Reader& reader, const std::string& organisation) {
  State state;
  absl::Status error;
  const std::string prefix = Prefix("G", organisation);
  absl::Status scan = reader.Scan(prefix, [&](std::string_view key, std::string_view value) {
    eventlog::Envelope envelope;
    pb::GoalsEvent event;
    if (!envelope.ParseFromArray(value.data(), static_cast<int>(value.size())) ||
        !event.ParseFromString(envelope.payload())) {
      error = absl::DataLossError("a goals record does not parse; rebuild the projection");
      return false;
    }
    Meta meta{.event_id = envelope.event_id(),
              .actor = envelope.actor(),
              .recorded_at_seconds = envelope.recorded_at().seconds()};
    // Value revisions and imports end in the big-endian offset (which may hold '\0').
    std::string_view rest = key.substr(prefix.size());
    if ((rest.rfind(std::string_view("value\0", 6), 0) == 0 ||
         rest.rfind(std::string_view("import\0", 7), 0) == 0) &&
        key.size() >= 8) {
      meta.offset = static_cast<int64_t>(eventlog::GetBigEndian64(key.data() + key.size() - 8));
    }
    Apply(state, event, meta);
    return true;
  });
  if (!scan.ok()) return scan;
  if (!error.ok()) return error;
  return state;
}

absl::StatusOr<LedgerFacts> LoadLedger(const projection::Reader& reader,
                                       const std::string& organisation) {
  LedgerFacts facts;
  const std::string prefix = Prefix("L", organisation);
  absl::Status scan = reader.Scan(prefix, [&](std::string_view key, std::string_view value) {
    std::vector<std::string_view> parts = Split(key.substr(prefix.size()));
    if (parts.empty()) return true;
    std::string_view kind = parts[0];
    if (kind == "u") {
      lpb::UnitDefined unit;
      if (unit.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
        facts.units.Define({.id = unit.unit_id(),
                            .name = unit.name(),
                            .parent_id = unit.parent_id(),
                            .kind = static_cast<chart::UnitKind>(unit.kind()),
                            .scb_activity_code = unit.scb_activity_code(),
                            .position = unit.position()});
      }
    } else if (kind == "p") {
      lpb::ProjectDefined project;
      if (project.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
        facts.project_units[project.project_id()] = project.unit_id();
      }
    } else if (kind == "f") {
      lpb::FiscalYearDefined fy;
      if (fy.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
        auto year = period::FiscalYear::FromDates(period::FromProto(fy.start()),
                                                  period::FromProto(fy.end()));
        if (year.ok()) facts.fiscal_years.emplace(year->label(), *year);
      }
    } else if (kind == "c" && parts.size() == 2) {
      facts.closed.insert(ParseKeyPeriod(parts[1]));
    } else if (kind == "v" && parts.size() == 3) {
      facts.voucher_periods[ToInt(parts[1])].insert(ParseKeyPeriod(parts[2]));
    } else if (kind == "o" && parts.size() == 4) {
      facts.operating[{ToInt(parts[1]), ParseKeyPeriod(parts[2]), std::string(parts[3])}] =
          DecodeSums(value);
    } else if (kind == "s" && parts.size() == 4) {
      facts.personnel[{ToInt(parts[1]), ParseKeyPeriod(parts[2]), std::string(parts[3])}] =
          DecodeSums(value).actual_ore;
    } else if (kind == "i" && parts.size() == 5) {
      facts.investment[{ToInt(parts[1]), ParseKeyPeriod(parts[2]), std::string(parts[3]),
                        std::string(parts[4])}] = DecodeSums(value);
    }
    return true;
  });
  if (!scan.ok()) return scan;
  return facts;
}

absl::StatusOr<std::vector<std::string>> Organisations(const projection::Reader& reader) {
  std::vector<std::string> out;
  std::string prefix = "O";
  prefix.push_back(kSep);
  absl::Status scan = reader.Scan(prefix, [&](std::string_view key, std::string_view) {
    out.emplace_back(key.substr(prefix.size()));
    return true;
  });
  if (!scan.ok()) return scan;
  return out;
}

}  // namespace tertial::goals
