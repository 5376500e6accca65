// Events of the ledger, forecast and goals topics appended straight to an embedded log;
// the reporting component follows them and renders through its gRPC API. Checks that
// figures arrive from each topic, that a narrative with a bad reference is refused, and
// that a projection rebuilt from the same log renders the same bytes.

#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "domain/builder.h"
#include "render/render.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/forecast/v1/events.pb.h"
#include "tertial/goals/v1/events.pb.h"
#include "tertial/grpcutil/server.h"
#include "tertial/json/json.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/period/period.h"
#include "tertial/reporting/component.h"
#include "tertial/reporting/v1/service.grpc.pb.h"
#include "tertial/testing/temp_dir.h"
#include "testing/sample_events.h"
#include "testing/sample_input.h"
#include "testing/seed_input.h"

namespace tertial::reporting {
namespace {

namespace lv1 = ::tertial::ledger::v1;
namespace fv1 = ::tertial::forecast::v1;
namespace gv1 = ::tertial::goals::v1;
namespace rv1 = ::tertial::reporting::v1;

constexpr int64_t kTkr = 100'000;
constexpr char kOrg[] = "0580";

template <typename Event>
void Append(eventlog::EventLog& log, std::string_view topic, const std::vector<Event>& events) {
  std::vector<eventlog::Envelope> envelopes;
  int n = 0;
  for (const Event& e : events) {
    auto env = eventlog::Wrap(e, StrCat("test/", n++), {.organisation = kOrg, .actor = "test"});
    ASSERT_TRUE(env.ok()) << env.status();
    envelopes.push_back(*env);
  }
  auto r = log.Append(topic, kOrg, envelopes);
  ASSERT_TRUE(r.ok()) << r.status();
}

lv1::LedgerEvent Unit(std::string id, std::string name, std::string parent, lv1::UnitKind kind,
                      int position) {
  lv1::LedgerEvent e;
  auto* u = e.mutable_unit_defined();
  u->set_unit_id(id);
  u->set_name(name);
  u->set_parent_id(parent);
  u->set_kind(kind);
  u->set_position(position);
  u->set_scb_activity_code("920");
  return e;
}

// A voucher: cost on `unit` (account 5010) against the bank, and revenue (3010).
lv1::LedgerEvent Voucher(int year, int month, std::string unit, int64_t cost_ore,
                         int64_t revenue_ore, int number) {
  lv1::LedgerEvent e;
  auto* v = e.mutable_voucher_posted();
  v->set_fiscal_year(year);
  v->set_series("A");
  v->set_number(std::to_string(number));
  v->mutable_date()->set_year(year);
  v->mutable_date()->set_month(month);
  v->mutable_date()->set_day(15);
  auto add = [&](std::string account, std::string object, int64_t amount) {
    auto* t = v->add_transactions();
    t->set_account(account);
    if (!object.empty()) {
      auto* o = t->add_objects();
      o->set_dimension(1);
      o->set_object_id(object);
    }
    t->set_amount_ore(amount);
  };
  add("5010", unit, cost_ore);
  add("3010", unit, -revenue_ore);
  add("1930", "", revenue_ore - cost_ore);
  return e;
}

::tertial::common::v1::Decimal Dec(int64_t units, int scale) {
  ::tertial::common::v1::Decimal d;
  d.set_units(units);
  d.set_scale(scale);
  return d;
}

class ProjectionRenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = eventlog::EmbeddedLog::Open(dir_.Sub("log"));
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = std::move(*log);
    AppendLedger();
    AppendForecast();
    AppendGoals();
  }

  void AppendLedger() {
    std::vector<lv1::LedgerEvent> events;
    lv1::LedgerEvent org;
    org.mutable_organisation_defined()->set_name("Linköpings kommun");
    events.push_back(org);
    events.push_back(Unit("KS", "Kommunstyrelsen", "", lv1::UNIT_KIND_NAMND, 0));
    events.push_back(
        Unit("KLF", "Kommunledningsförvaltningen", "KS", lv1::UNIT_KIND_FORVALTNING, 0));
    events.push_back(Unit("EKS", "Ekonomistaben", "KLF", lv1::UNIT_KIND_STAB, 1));
    events.push_back(Unit("HRS", "HR-staben", "KLF", lv1::UNIT_KIND_STAB, 2));
    events.push_back(
        Unit("VSS", "Verksamhetsstöd och service", "KS", lv1::UNIT_KIND_FORVALTNING, 1));
    lv1::LedgerEvent project;
    auto* p = project.mutable_project_defined();
    p->set_project_id("SIMHALL");
    p->set_name("KS, ny simhall");
    p->set_unit_id("EKS");
    auto* frame = p->add_frames();
    frame->set_fiscal_year(2021);
    frame->set_frame_ore(297'000 * kTkr);
    events.push_back(project);
    int n = 1;
    for (int month = 1; month <= 12; ++month) {
      events.push_back(Voucher(2020, month, "EKS", 5'000 * kTkr, 1'000 * kTkr, n++));
      events.push_back(Voucher(2020, month, "HRS", 3'000 * kTkr, 100 * kTkr, n++));
      events.push_back(Voucher(2020, month, "VSS", 30'000 * kTkr, 30'500 * kTkr, n++));
    }
    for (int month = 1; month <= 8; ++month) {
      events.push_back(Voucher(2021, month, "EKS", 4'800 * kTkr + 37, 1'000 * kTkr, n++));
      events.push_back(Voucher(2021, month, "HRS", 3'100 * kTkr, 100 * kTkr, n++));
      events.push_back(Voucher(2021, month, "VSS", 31'000 * kTkr, 31'900 * kTkr, n++));
    }
    lv1::LedgerEvent budget;
    auto* b = budget.mutable_budget_lines_set();
    b->set_fiscal_year(2021);
    for (int month = 1; month <= 12; ++month) {
      for (auto [unit, cost, revenue] :
           {std::tuple{"EKS", 5'000, -1'000}, {"HRS", 3'200, -100}, {"VSS", 31'000, -31'000}}) {
        for (auto [account, amount] : {std::pair{"5", cost}, {"3", revenue}}) {
          auto* l = b->add_lines();
          l->set_unit_id(unit);
          l->set_account(account);
          l->mutable_period()->set_year(2021);
          l->mutable_period()->set_month(month);
          l->set_amount_ore(amount * kTkr);
        }
      }
    }
    events.push_back(budget);
    lv1::LedgerEvent closed;
    closed.mutable_period_closed()->mutable_period()->set_year(2021);
    closed.mutable_period_closed()->mutable_period()->set_month(8);
    events.push_back(closed);
    Append(*log_, eventlog::kLedgerTopic, events);
  }

  void AppendForecast() {
    fv1::ForecastEvent adj;
    auto* a = adj.mutable_adjustment_made();
    a->set_adjustment_id("adj-1");
    a->set_fiscal_year(2021);
    a->set_unit_id("EKS");
    a->set_side(fv1::SIDE_REVENUES);
    a->set_amount_ore(-1'100 * kTkr);
    a->set_reason("Inkasso- och stiftelseverksamheten ger mer än budgeterat");
    fv1::ForecastEvent pub;
    auto* f = pub.mutable_forecast_published();
    f->set_fiscal_year(2021);
    f->mutable_as_of()->set_year(2021);
    f->mutable_as_of()->set_month(8);
    f->add_adjustment_ids("adj-1");
    auto unit = [&](std::string id, int64_t costs, int64_t revenues, int64_t bcosts,
                    int64_t brevenues) {
      auto* u = f->add_units();
      u->set_unit_id(id);
      u->set_forecast_costs_ore(costs * kTkr);
      u->set_forecast_revenues_ore(revenues * kTkr);
      u->set_forecast_net_ore((costs + revenues) * kTkr);
      u->set_budget_costs_ore(bcosts * kTkr);
      u->set_budget_revenues_ore(brevenues * kTkr);
      u->set_budget_net_ore((bcosts + brevenues) * kTkr);
    };
    unit("EKS", 58'000, -13'100, 60'000, -12'000);
    unit("HRS", 37'500, -1'200, 38'400, -1'200);
    unit("KLF", 95'500, -14'300, 98'400, -13'200);
    unit("VSS", 372'000, -380'245, 372'000, -372'000);
    auto* pr = f->add_projects();
    pr->set_project_id("SIMHALL");
    pr->set_unit_id("EKS");
    pr->set_spending_to_date_ore(209'918 * kTkr);
    pr->set_forecast_spending_ore(352'789 * kTkr);
    pr->set_frame_ore(297'000 * kTkr);
    Append(*log_, eventlog::kForecastTopic, std::vector<fv1::ForecastEvent>{adj, pub});
  }

  void AppendGoals() {
    std::vector<gv1::GoalsEvent> events;
    gv1::GoalsEvent plan;
    plan.mutable_plan_defined()->set_board_unit_id("KS");
    plan.mutable_plan_defined()->set_year(2021);
    plan.mutable_plan_defined()->set_reporting_unit_id("KLF");
    events.push_back(plan);
    auto goal = [&](std::string id, gv1::GoalLevel level, std::string parent, std::string name) {
      gv1::GoalsEvent e;
      auto* g = e.mutable_goal_defined();
      g->set_board_unit_id("KS");
      g->set_year(2021);
      g->set_goal_id(id);
      g->set_level(level);
      g->set_parent_id(parent);
      g->set_name(name);
      events.push_back(e);
    };
    goal("ekonomi", gv1::GOAL_LEVEL_FOCUS_AREA, "", "Ekonomi");
    goal("hallbar", gv1::GOAL_LEVEL_MUNICIPAL_GOAL, "ekonomi", "Hållbar ekonomi");
    goal("kontroll", gv1::GOAL_LEVEL_BOARD_GOAL, "hallbar", "God ekonomisk kontroll");
    gv1::GoalsEvent ind;
    auto* d = ind.mutable_indicator_defined();
    d->set_board_unit_id("KS");
    d->set_year(2021);
    d->set_indicator_id("budgetavvikelse");
    d->set_goal_id("kontroll");
    d->set_name("Procentuell avvikelse budget och utfall, KLF (%)");
    events.push_back(ind);
    gv1::GoalsEvent target;
    auto* t = target.mutable_target_set();
    t->set_board_unit_id("KS");
    t->set_year(2021);
    t->set_indicator_id("budgetavvikelse");
    t->mutable_target()->mutable_comparison()->set_comparator(gv1::COMPARATOR_LESS);
    *t->mutable_target()->mutable_comparison()->mutable_value() = Dec(2, 0);
    t->mutable_target()->set_printed("mindre än 2");
    events.push_back(target);
    for (auto [year, month, units] : {std::tuple{2019, 0, 42}, {2020, 0, 109}, {2021, 8, 81}}) {
      gv1::GoalsEvent v;
      auto* r = v.mutable_indicator_value_recorded();
      r->set_board_unit_id("KS");
      r->set_indicator_id("budgetavvikelse");
      r->mutable_period()->set_year(year);
      r->mutable_period()->set_month(month);
      *r->mutable_value()->mutable_number() = Dec(units, 1);
      events.push_back(v);
    }
    gv1::GoalsEvent assessment;
    auto* as = assessment.mutable_assessment_recorded();
    as->set_board_unit_id("KS");
    as->set_year(2021);
    as->set_goal_id("kontroll");
    as->mutable_period()->set_year(2021);
    as->mutable_period()->set_month(8);
    as->set_assessment(gv1::ASSESSMENT_MET);
    as->set_rationale("Nämndmålet bedöms uppnås vid helår 2021.");
    events.push_back(assessment);
    gv1::GoalsEvent eval;
    auto* ev = eval.mutable_evaluation_published();
    ev->set_board_unit_id("KS");
    ev->set_year(2021);
    ev->mutable_period()->set_year(2021);
    ev->mutable_period()->set_month(8);
    auto* ie = ev->add_indicators();
    ie->set_indicator_id("budgetavvikelse");
    ie->set_status(gv1::INDICATOR_STATUS_NOT_MET);
    auto* counts = ev->mutable_activities();
    counts->set_total(5);
    counts->set_done(2);
    counts->set_ongoing(3);
    events.push_back(eval);
    gv1::GoalsEvent personnel;
    auto* pf = personnel.mutable_personnel_figure_recorded();
    pf->set_unit_id("KLF");
    pf->set_measure(gv1::PERSONNEL_MEASURE_SICK_LEAVE);
    pf->mutable_period()->set_year(2021);
    pf->mutable_period()->set_month(8);
    *pf->mutable_value()->mutable_number() = Dec(18, 1);
    events.push_back(personnel);
    Append(*log_, eventlog::kGoalsTopic, events);
  }

  struct Running {
    std::unique_ptr<grpcutil::Component> component;
    std::unique_ptr<grpcutil::Server> server;
    std::unique_ptr<rv1::ReportService::Stub> stub;
  };

  Running Start(const std::string& data_dir) {
    Running r;
    auto c = MakeComponent({.log = log_.get(), .data_dir = data_dir});
    EXPECT_TRUE(c.ok()) << c.status();
    r.component = std::move(*c);
    EXPECT_TRUE(r.component->Start().ok());
    auto s = grpcutil::Server::Start({}, {r.component.get()});
    EXPECT_TRUE(s.ok()) << s.status();
    r.server = std::move(*s);
    r.stub = rv1::ReportService::NewStub(r.server->InProcessChannel());
    return r;
  }

  static std::string Render(Running& r, std::string format, grpc::Status* status = nullptr,
                            int month = 8, bool force = false) {
    grpc::ClientContext context;
    rv1::RenderRequest request;
    request.set_force(force);
    request.set_organisation(kOrg);
    request.set_board("KS");
    request.mutable_period()->set_year(2021);
    request.mutable_period()->set_month(month);
    request.set_format(format);
    auto reader = r.stub->Render(&context, request);
    std::string bytes;
    rv1::RenderChunk chunk;
    while (reader->Read(&chunk)) bytes += chunk.data();
    grpc::Status s = reader->Finish();
    if (status) *status = s;
    EXPECT_TRUE(status != nullptr || s.ok()) << s.error_message();
    return bytes;
  }

  static void Stop(Running& r) {
    r.server->Shutdown();
    r.component->Stop();
  }

  // The end of the ledger topic: the ledger_offset of a forecast that reflects all of it.
  int64_t LedgerEnd() {
    int64_t end = 0;
    auto partitions = log_->Partitions(eventlog::kLedgerTopic);
    EXPECT_TRUE(partitions.ok());
    for (int p = 0; partitions.ok() && p < *partitions; ++p)
      end = std::max(end, *log_->EndOffset(eventlog::kLedgerTopic, p));
    return end;
  }

  // A forecast as of August 2021 as the forecast service publishes it today: on the whole
  // ledger the log holds, built on `actual_net` (net actual jan–aug per unit).
  void AppendCurrentForecast(const std::map<std::string, int64_t>& actual_net) {
    fv1::ForecastEvent pub;
    auto* f = pub.mutable_forecast_published();
    f->set_fiscal_year(2021);
    f->mutable_as_of()->set_year(2021);
    f->mutable_as_of()->set_month(8);
    f->set_trigger("ledger_changed");
    f->set_ledger_offset(LedgerEnd());
    f->set_ledger_event_id(StrCat("ledger-event-", LedgerEnd() - 1));
    for (const auto& [unit, net] : actual_net) {
      auto* u = f->add_units();
      u->set_unit_id(unit);
      u->set_method("budget_remaining");
      u->set_method_requested("budget_remaining");
      u->set_forecast_costs_ore(net + 1'000 * kTkr);
      u->set_forecast_net_ore(net + 1'000 * kTkr);
      u->set_actual_costs_ore(net);
      u->set_actual_net_ore(net);
    }
    Append(*log_, eventlog::kForecastTopic, std::vector<fv1::ForecastEvent>{pub});
  }

  // The fixture's ledger jan–aug 2021, net per unit.
  static std::map<std::string, int64_t> LedgerActuals() {
    int64_t eks = 8 * (3'800 * kTkr + 37), hrs = 8 * 3'000 * kTkr;
    return {{"EKS", eks}, {"HRS", hrs}, {"KLF", eks + hrs}, {"VSS", -8 * 900 * kTkr}};
  }

  tertial::testing::TempDir dir_;
  std::unique_ptr<eventlog::EmbeddedLog> log_;
};

// The findings of `rule` in a rendered report's JSON, as "severity table row column".
std::vector<std::string> FindingsOf(const json::Value& report, std::string_view rule) {
  std::vector<std::string> out;
  for (const json::Value& f : report.Find("findings")->items) {
    if (f.Find("rule")->text != rule) continue;
    out.push_back(StrCat(f.Find("severity")->text, " ", f.Find("table_id")->text, " ",
                         f.Find("row_id")->text, " ", f.Find("column_id")->text));
  }
  return out;
}

const json::Value* Row(const json::Value& report, std::string_view table, std::string_view row) {
  for (const json::Value& s : report.Find("sections")->items) {
    for (const json::Value& t : s.Find("tables")->items) {
      if (t.Find("id")->text != table) continue;
      for (const json::Value& r : t.Find("rows")->items) {
        if (r.Find("id")->text == row) return r.Find("cells");
      }
    }
  }
  return nullptr;
}

TEST_F(ProjectionRenderTest, RendersFiguresFromAllThreeTopics) {
  Running r = Start(dir_.Sub("reporting"));
  auto report = json::Parse(Render(r, "json"), "report.json");
  ASSERT_TRUE(report.ok()) << report.status();
  // Ledger: EKS jan–aug 2021 net = 8 × (4 800 tkr + 37 öre − 1 000 tkr).
  const json::Value* eks = Row(*report, "operating", "unit:EKS");
  ASSERT_NE(eks, nullptr);
  EXPECT_EQ(eks->Find("actual_ore")->text, std::to_string(8 * (3'800 * kTkr + 37)));
  EXPECT_EQ(eks->Find("budget_ore")->text, std::to_string(8 * 4'000 * kTkr));
  EXPECT_EQ(eks->Find("prior_ore")->text, std::to_string(8 * 4'000 * kTkr));
  // Forecast: as published, with the deviation budget − forecast.
  const json::Value* sum = Row(*report, "forecast", "sum");
  ASSERT_NE(sum, nullptr);
  EXPECT_EQ(sum->Find("forecast_ore")->text, std::to_string(81'200 * kTkr));
  EXPECT_EQ(sum->Find("deviation_ore")->text, std::to_string(4'000 * kTkr));
  EXPECT_EQ(sum->Find("prior_year_ore")->text, std::to_string(12 * (4'000 + 2'900) * kTkr));
  EXPECT_EQ(Row(*report, "investments", "project:SIMHALL")->Find("deviation_ore")->text,
            std::to_string(-55'789 * kTkr));
  EXPECT_NE(Row(*report, "adjustments", "adjustment:adj-1"), nullptr);
  // Goals: the indicator with the goals service's status, the assessment, the counts.
  const json::Value* ind = Row(*report, "indicators_1", "indicator:budgetavvikelse");
  ASSERT_NE(ind, nullptr);
  EXPECT_EQ(ind->Find("2021-08")->text, "8.1");
  EXPECT_EQ(Row(*report, "goals", "goal:kontroll")->Find("assessment")->text, "Uppfylls");
  EXPECT_EQ(Row(*report, "activity_summary", "sum")->Find("count")->text, "5");
  EXPECT_EQ(Row(*report, "personnel", "personnel:2")->Find("current")->text, "1.8");
  // The validator ran on the built report: "uppfylls" against a missed target.
  bool contradiction = false;
  for (const json::Value& f : report->Find("findings")->items) {
    contradiction = contradiction || (f.Find("rule")->text == "assessment" &&
                                      f.Find("row_id")->text == "goal:kontroll");
  }
  EXPECT_TRUE(contradiction);
  std::string html = Render(r, "html");
  EXPECT_NE(html.find("Ekonomistaben"), std::string::npos);
  Stop(r);
}

TEST_F(ProjectionRenderTest, AForecastOlderThanTheLedgerIsAnErrorUntilItIsRepublished) {
  AppendCurrentForecast(LedgerActuals());
  Running r = Start(dir_.Sub("reporting"));
  auto current = json::Parse(Render(r, "json"), "current.json");
  ASSERT_TRUE(current.ok()) << current.status();
  EXPECT_TRUE(FindingsOf(*current, "forecast_source").empty());
  EXPECT_TRUE(FindingsOf(*current, "cross_table").empty());
  const json::Value* source = current->Find("forecast_source");
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->Find("as_of")->text, "2021-08");
  EXPECT_EQ(source->Find("trigger")->text, "ledger_changed");
  EXPECT_FALSE(source->Find("older_than_ledger")->boolean);

  // A late July invoice of 5 mnkr on Ekonomistaben, after the forecast was published.
  Append(*log_, eventlog::kLedgerTopic,
         std::vector<lv1::LedgerEvent>{Voucher(2021, 7, "EKS", 5'000 * kTkr, 0, 900)});
  auto stale = json::Parse(Render(r, "json"), "stale.json");
  ASSERT_TRUE(stale.ok()) << stale.status();
  EXPECT_EQ(FindingsOf(*stale, "forecast_source"),
            std::vector<std::string>{"error forecast sum forecast"});
  // The operating statement has the invoice, the forecast's actuals do not: per unit.
  EXPECT_EQ(
      FindingsOf(*stale, "cross_table"),
      (std::vector<std::string>{"error operating unit:EKS actual", "error operating sum actual"}));
  EXPECT_EQ(Row(*stale, "operating", "unit:EKS")->Find("actual_ore")->text,
            std::to_string(LedgerActuals()["EKS"] + 5'000 * kTkr));
  EXPECT_TRUE(stale->Find("forecast_source")->Find("older_than_ledger")->boolean);
  std::string html = Render(r, "html");
  EXPECT_NE(html.find("<p class=\"alert\" role=\"alert\"><strong>Fel:</strong> prognosen bygger på "
                      "en äldre huvudbok"),
            std::string::npos);

  // Republished on the ledger as it is now: current again.
  std::map<std::string, int64_t> actuals = LedgerActuals();
  actuals["EKS"] += 5'000 * kTkr;
  actuals["KLF"] += 5'000 * kTkr;
  AppendCurrentForecast(actuals);
  auto again = json::Parse(Render(r, "json"), "again.json");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(FindingsOf(*again, "forecast_source").empty());
  EXPECT_TRUE(FindingsOf(*again, "cross_table").empty());
  EXPECT_EQ(Render(r, "html").find("class=\"alert\""), std::string::npos);
  Stop(r);
}

TEST_F(ProjectionRenderTest, LedgerEventsThatChangeNothingTheForecastRestsOnLeaveItCurrent) {
  AppendCurrentForecast(LedgerActuals());
  lv1::LedgerEvent other_version;
  auto* b = other_version.mutable_budget_lines_set();
  b->set_fiscal_year(2021);
  b->set_version("alternativ");
  auto* l = b->add_lines();
  l->set_unit_id("EKS");
  l->set_account("5");
  l->mutable_period()->set_year(2021);
  l->mutable_period()->set_month(10);
  l->set_amount_ore(1'000 * kTkr);
  lv1::LedgerEvent closed;
  closed.mutable_period_closed()->mutable_period()->set_year(2021);
  closed.mutable_period_closed()->mutable_period()->set_month(9);
  // The first 2021 voucher (A 37) once more: a voucher key the log holds twice counts once.
  lv1::LedgerEvent again = Voucher(2021, 1, "EKS", 4'800 * kTkr + 37, 1'000 * kTkr, 37);
  Append(*log_, eventlog::kLedgerTopic,
         std::vector<lv1::LedgerEvent>{Unit("EKS", "Ekonomistaben", "KLF", lv1::UNIT_KIND_STAB, 1),
                                       other_version, Voucher(2022, 1, "EKS", 100 * kTkr, 0, 1),
                                       closed, again});
  Running r = Start(dir_.Sub("reporting"));
  auto report = json::Parse(Render(r, "json"), "report.json");
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(FindingsOf(*report, "forecast_source").empty());
  EXPECT_TRUE(FindingsOf(*report, "cross_table").empty());
  EXPECT_EQ(Row(*report, "operating", "unit:EKS")->Find("actual_ore")->text,
            std::to_string(LedgerActuals()["EKS"]));
  // A unit defined anew (renamed) changes what every year's forecast rests on.
  Append(*log_, eventlog::kLedgerTopic,
         std::vector<lv1::LedgerEvent>{
             Unit("EKS", "Ekonomi- och finansstaben", "KLF", lv1::UNIT_KIND_STAB, 1)});
  auto renamed = json::Parse(Render(r, "json"), "renamed.json");
  ASSERT_TRUE(renamed.ok()) << renamed.status();
  EXPECT_EQ(FindingsOf(*renamed, "forecast_source"),
            std::vector<std::string>{"error forecast sum forecast"});
  Stop(r);
}

TEST_F(ProjectionRenderTest, AReportForALaterMonthThanTheForecastsAsOfIsAnError) {
  AppendCurrentForecast(LedgerActuals());
  Running r = Start(dir_.Sub("reporting"));
  // The log has no September amounts, so the report has to be forced (a month without
  // ledger data is refused); what it shows of the forecast is the point here.
  auto report = json::Parse(Render(r, "json", nullptr, 9, true), "report.json");
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(FindingsOf(*report, "forecast_source"),
            std::vector<std::string>{"error forecast sum forecast"});
  // Its actuals are August's: no comparison with September's statement.
  EXPECT_TRUE(FindingsOf(*report, "cross_table").empty());
  EXPECT_NE(Render(r, "md", nullptr, 9, true)
                .find("> **Fel:** prognosen är per augusti 2021, inte per rapportens period "
                      "september 2021"),
            std::string::npos);
  Stop(r);
}

TEST_F(ProjectionRenderTest, AForecastThatDoesNotSayItsLedgerIsAWarning) {
  // The fixture's forecast was published without ledger_offset (before it existed).
  Running r = Start(dir_.Sub("reporting"));
  auto report = json::Parse(Render(r, "json"), "report.json");
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(FindingsOf(*report, "forecast_source"),
            std::vector<std::string>{"warning forecast sum forecast"});
  Stop(r);
}

// The ledger alone: nothing was ever published on the forecast topic.
class NoForecastTest : public ProjectionRenderTest {
 protected:
  void SetUp() override {
    auto log = eventlog::EmbeddedLog::Open(dir_.Sub("log"));
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = std::move(*log);
    AppendLedger();
  }
};

TEST_F(NoForecastTest, NoPublishedForecastIsAnErrorAndItsCellsAreEmpty) {
  Running r = Start(dir_.Sub("reporting"));
  auto report = json::Parse(Render(r, "json"), "report.json");
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(FindingsOf(*report, "forecast_source"),
            std::vector<std::string>{"error forecast sum forecast"});
  EXPECT_FALSE(report->Find("forecast_source")->Find("published")->boolean);
  EXPECT_EQ(Row(*report, "forecast", "sum")->Find("forecast")->type, json::Type::kNull);
  EXPECT_EQ(Row(*report, "forecast", "sum")->Find("deviation")->type, json::Type::kNull);
  EXPECT_EQ(Row(*report, "investments", "project:SIMHALL")->Find("forecast_net")->type,
            json::Type::kNull);
  EXPECT_EQ(Row(*report, "economy", "row:investments")->Find("forecast")->type, json::Type::kNull);
  Stop(r);
}

TEST_F(ProjectionRenderTest, BreakdownRowsAndTargetFootnotesFromTheGoalsTopic) {
  // The plan's breakdown rows in its order, one of them not a gender; a target written
  // with its footnote mark ("mindre än 2 [7]").
  std::vector<gv1::GoalsEvent> events;
  gv1::GoalsEvent ind;
  auto* d = ind.mutable_indicator_defined();
  d->set_board_unit_id("KS");
  d->set_year(2021);
  d->set_indicator_id("budgetavvikelse");
  d->set_goal_id("kontroll");
  d->set_name("Procentuell avvikelse budget och utfall, KLF (%)");
  for (auto [id, label] : {std::pair{"men", "män"}, {"women", "kvinnor"}, {"omsorg", "Omsorg"}}) {
    auto* b = d->add_breakdowns();
    b->set_id(id);
    b->set_label(label);
  }
  events.push_back(ind);
  gv1::GoalsEvent target;
  auto* t = target.mutable_target_set();
  t->set_board_unit_id("KS");
  t->set_year(2021);
  t->set_indicator_id("budgetavvikelse");
  t->mutable_target()->mutable_comparison()->set_comparator(gv1::COMPARATOR_LESS);
  *t->mutable_target()->mutable_comparison()->mutable_value() = Dec(2, 0);
  t->mutable_target()->set_printed("mindre än 2 [7]");
  t->mutable_target()->add_footnotes(7);
  events.push_back(target);
  gv1::GoalsEvent v;
  auto* r = v.mutable_indicator_value_recorded();
  r->set_board_unit_id("KS");
  r->set_indicator_id("budgetavvikelse");
  r->set_breakdown("omsorg");
  r->mutable_period()->set_year(2021);
  r->mutable_period()->set_month(8);
  *r->mutable_value()->mutable_number() = Dec(682, 1);
  events.push_back(v);
  Append(*log_, eventlog::kGoalsTopic, events);

  Running running = Start(dir_.Sub("reporting"));
  auto report = json::Parse(Render(running, "json"), "report.json");
  ASSERT_TRUE(report.ok()) << report.status();
  std::vector<std::string> ids;
  const json::Value* omsorg = nullptr;
  const json::Value* total = nullptr;
  for (const json::Value& sec : report->Find("sections")->items) {
    for (const json::Value& table : sec.Find("tables")->items) {
      if (table.Find("id")->text != "indicators_1") continue;
      for (const json::Value& row : table.Find("rows")->items) {
        ids.push_back(row.Find("id")->text);
        if (row.Find("id")->text == "indicator:budgetavvikelse/omsorg") omsorg = &row;
        if (row.Find("id")->text == "indicator:budgetavvikelse") total = &row;
      }
    }
  }
  EXPECT_EQ(ids, (std::vector<std::string>{
                     "indicator:budgetavvikelse", "indicator:budgetavvikelse/men",
                     "indicator:budgetavvikelse/women", "indicator:budgetavvikelse/omsorg"}));
  ASSERT_NE(omsorg, nullptr);
  EXPECT_EQ(omsorg->Find("kind")->text, "breakdown");
  EXPECT_EQ(omsorg->Find("label")->text, "Omsorg");
  EXPECT_EQ(omsorg->Find("cells")->Find("2021-08")->text, "68.2");
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(total->Find("target")->text, "mindre än 2");
  std::string html = Render(running, "html");
  EXPECT_NE(html.find("mindre än 2<sup>7</sup>"), std::string::npos);
  EXPECT_EQ(html.find("[7]"), std::string::npos);
  Stop(running);
}

TEST_F(ProjectionRenderTest, NarrativeReferencesMustResolve) {
  Running r = Start(dir_.Sub("reporting"));
  auto set = [&](std::string markdown, rv1::SetNarrativeResponse* out = nullptr) {
    grpc::ClientContext context;
    rv1::SetNarrativeRequest request;
    request.set_organisation(kOrg);
    request.set_board("KS");
    request.mutable_period()->set_year(2021);
    request.mutable_period()->set_month(8);
    request.set_section("economy");
    request.set_markdown(markdown);
    rv1::SetNarrativeResponse response;
    grpc::Status status = r.stub->SetNarrative(&context, request, &response);
    if (out != nullptr) *out = response;
    return status;
  };
  grpc::Status bad = set("Överskott {{forecast.unit:NOPE.deviation|mnkr}} mnkr.");
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(bad.error_message().find("no row 'unit:NOPE'"), std::string::npos)
      << bad.error_message();
  ASSERT_TRUE(set("Prognosen visar ett överskott med {{forecast.sum.deviation|mnkr}} mnkr.").ok());
  std::string md = Render(r, "md");
  EXPECT_NE(md.find("Prognosen visar ett överskott med 4,0 mnkr."), std::string::npos);
  Stop(r);
}

TEST_F(ProjectionRenderTest, SettingTheSameNarrativeAgainAppendsNothing) {
  Running r = Start(dir_.Sub("reporting"));
  auto set = [&](std::string markdown) {
    grpc::ClientContext context;
    rv1::SetNarrativeRequest request;
    request.set_organisation(kOrg);
    request.set_board("KS");
    request.mutable_period()->set_year(2021);
    request.mutable_period()->set_month(8);
    request.set_section("forecast");
    request.set_markdown(markdown);
    rv1::SetNarrativeResponse response;
    EXPECT_TRUE(r.stub->SetNarrative(&context, request, &response).ok());
    return response.unchanged();
  };
  auto end = [&] { return *log_->EndOffset(eventlog::kReportingTopic, 0); };
  EXPECT_FALSE(set("Avvikelse {{forecast.sum.deviation|mnkr}} mnkr."));
  int64_t after_first = end();
  EXPECT_TRUE(set("Avvikelse {{forecast.sum.deviation|mnkr}} mnkr."));
  EXPECT_EQ(end(), after_first);
  EXPECT_FALSE(set("Avvikelsen är {{forecast.sum.deviation|mnkr}} mnkr."));
  EXPECT_EQ(end(), after_first + 1);
  EXPECT_FALSE(set(""));  // clearing is a change
  EXPECT_TRUE(set(""));   // and clearing again is not
  EXPECT_EQ(end(), after_first + 2);
  Stop(r);
}

TEST_F(ProjectionRenderTest, ValidateChecksTheProjectionOrTypedFigures) {
  Running r = Start(dir_.Sub("reporting"));
  grpc::ClientContext context;
  rv1::ValidateRequest request;
  request.set_organisation(kOrg);
  request.set_board("KS");
  request.mutable_period()->set_year(2021);
  request.mutable_period()->set_month(8);
  rv1::ValidateResponse response;
  ASSERT_TRUE(r.stub->Validate(&context, request, &response).ok());
  bool contradiction = false;
  for (const rv1::Finding& f : response.findings())
    contradiction = contradiction || f.rule() == "assessment";
  EXPECT_TRUE(contradiction);

  std::ifstream in("data/linkoping-ks/seed-tables.json");
  std::stringstream seed;
  seed << in.rdbuf();
  grpc::ClientContext typed_context;
  rv1::ValidateRequest typed;
  typed.set_figures_json(seed.str());
  typed.set_figures_name("seed-tables.json");
  rv1::ValidateResponse typed_response;
  ASSERT_TRUE(r.stub->Validate(&typed_context, typed, &typed_response).ok());
  bool vss = false;
  for (const rv1::Finding& f : typed_response.findings()) {
    vss = vss || (f.rule() == "deviation" && f.row_id() == "unit:VSS/costs" &&
                  f.consistent() == "1 777" && f.severity() == rv1::SEVERITY_ERROR);
  }
  EXPECT_TRUE(vss);

  grpc::ClientContext bad_context;
  rv1::ValidateRequest bad;
  bad.set_figures_json("{\"format\": \"tertial.report-figures.v1\", \"period\": \"2021-08\"}");
  bad.set_figures_name("bad.json");
  grpc::Status status = r.stub->Validate(&bad_context, bad, &typed_response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("bad.json:1:1: expected \"tables\""), std::string::npos)
      << status.error_message();
  Stop(r);
}

TEST_F(ProjectionRenderTest, RebuiltProjectionRendersTheSameReport) {
  Running first = Start(dir_.Sub("a"));
  std::string a = Render(first, "json");
  Stop(first);
  Running second = Start(dir_.Sub("b"));
  std::string b = Render(second, "json");
  Stop(second);
  EXPECT_EQ(a, b);
}

// A month the ledger has nothing for under the board would render as a report of zeros:
// refused with the months that do have data, unless forced.
TEST_F(ProjectionRenderTest, APeriodWithoutLedgerDataIsRefusedUnlessForced) {
  Running r = Start(dir_.Sub("reporting"));
  auto render = [&](std::string board, int year, int month, bool force, grpc::Status* status) {
    grpc::ClientContext context;
    rv1::RenderRequest request;
    request.set_organisation(kOrg);
    request.set_board(board);
    request.mutable_period()->set_year(year);
    request.mutable_period()->set_month(month);
    request.set_format("md");
    request.set_force(force);
    auto reader = r.stub->Render(&context, request);
    std::string bytes;
    rv1::RenderChunk chunk;
    while (reader->Read(&chunk)) bytes += chunk.data();
    *status = reader->Finish();
    return bytes;
  };
  grpc::Status status;
  render("KS", 2030, 8, false, &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find(
                "organisation 0580, board KS: the ledger has no amounts for 2030-08"),
            std::string::npos)
      << status.error_message();
  // The fixture's vouchers: every month of 2020, and 2021 through August.
  EXPECT_NE(status.error_message().find("months with data: 2020-01..2021-08 "), std::string::npos)
      << status.error_message();
  std::string forced = render("KS", 2030, 8, true, &status);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_NE(forced.find("2030-08"), std::string::npos);
  render("KS", 2021, 8, false, &status);
  EXPECT_TRUE(status.ok()) << status.error_message();
  // A month with data elsewhere in the organisation but none under the board.
  Append(*log_, eventlog::kLedgerTopic,
         std::vector<lv1::LedgerEvent>{
             Unit("BUN", "Barn- och ungdomsnämnden", "", lv1::UNIT_KIND_NAMND, 1),
             Unit("UBF", "Utbildningsförvaltningen", "BUN", lv1::UNIT_KIND_FORVALTNING, 0),
             Voucher(2021, 9, "UBF", 100 * kTkr, 0, 9001)});
  render("BUN", 2021, 9, false, &status);
  EXPECT_TRUE(status.ok()) << status.error_message();
  render("KS", 2021, 9, false, &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find("months with data: 2020-01..2021-08 "), std::string::npos)
      << status.error_message();
  Stop(r);
}

TEST_F(ProjectionRenderTest, UnknownBoardAndFormatAreClearErrors) {
  Running r = Start(dir_.Sub("reporting"));
  grpc::Status status;
  Render(r, "pdf", &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("expected html, md, xlsx, csv or json"), std::string::npos);
  grpc::ClientContext context;
  rv1::ListReportsRequest request;
  request.set_organisation(kOrg);
  rv1::ListReportsResponse response;
  ASSERT_TRUE(r.stub->ListReports(&context, request, &response).ok());
  bool found = false;
  for (const rv1::ReportRef& ref : response.reports()) {
    found = found || (ref.board() == "KS" && ref.period().month() == 8 && ref.closed() &&
                      ref.has_forecast());
  }
  EXPECT_TRUE(found);
  Stop(r);
}

// 6.6: a fiscal year that is not the calendar year (SIE #RAR 2009-07-01..2010-06-30, as
// BL0001_typ4): the report for 2010-02 covers jul 2009–feb 2010 and compares with
// jul 2008–feb 2009; the budget and bokslut columns are the fiscal years'.
TEST(FiscalYearTest, AReportFollowsTheLedgersFiscalYearNotTheCalendarYear) {
  tertial::testing::TempDir dir;
  auto opened = eventlog::EmbeddedLog::Open(dir.Sub("log"));
  ASSERT_TRUE(opened.ok()) << opened.status();
  eventlog::EmbeddedLog& log = **opened;
  std::vector<lv1::LedgerEvent> events;
  for (int start : {2008, 2009}) {
    lv1::LedgerEvent y;
    auto* fy = y.mutable_fiscal_year_defined();
    fy->set_fiscal_year(start);
    fy->mutable_start()->set_year(start);
    fy->mutable_start()->set_month(7);
    fy->mutable_start()->set_day(1);
    fy->mutable_end()->set_year(start + 1);
    fy->mutable_end()->set_month(6);
    fy->mutable_end()->set_day(30);
    events.push_back(y);
  }
  events.push_back(Unit("KS", "Kommunstyrelsen", "", lv1::UNIT_KIND_NAMND, 0));
  events.push_back(Unit("KLF", "Kommunledningsförvaltningen", "KS", lv1::UNIT_KIND_FORVALTNING, 0));
  events.push_back(Unit("EKS", "Ekonomistaben", "KLF", lv1::UNIT_KIND_STAB, 1));
  // A cost each month from 2008-01 to 2010-12 that says its month: 1 000 tkr × month
  // number since 2008-01, plus öre; revenue a tenth of it. The budget: 50 tkr a month.
  int64_t actual = 0, prior = 0, prior_year = 0, budget_year = 0, budget_period = 0;
  lv1::LedgerEvent budget;
  auto* b = budget.mutable_budget_lines_set();
  b->set_fiscal_year(2009);
  int n = 1;
  for (period::Period p{2008, 1}; p <= period::Period{2010, 12}; p = p.Next()) {
    int64_t cost = (p.Index() - period::Period{2008, 1}.Index() + 1) * 1'000 * kTkr + 7;
    int64_t revenue = cost / 10;
    events.push_back(Voucher(p.year, p.month, "EKS", cost, revenue, n++));
    if (p >= period::Period{2009, 7} && p <= period::Period{2010, 2}) actual += cost - revenue;
    if (p >= period::Period{2008, 7} && p <= period::Period{2009, 2}) prior += cost - revenue;
    if (p >= period::Period{2008, 7} && p <= period::Period{2009, 6}) prior_year += cost - revenue;
    auto* l = b->add_lines();
    l->set_unit_id("EKS");
    l->set_account("5");
    l->mutable_period()->set_year(p.year);
    l->mutable_period()->set_month(p.month);
    l->set_amount_ore(50 * kTkr);
    if (p >= period::Period{2009, 7} && p <= period::Period{2010, 6}) budget_year += 50 * kTkr;
    if (p >= period::Period{2009, 7} && p <= period::Period{2010, 2}) budget_period += 50 * kTkr;
  }
  events.push_back(budget);
  std::vector<eventlog::Envelope> envelopes;
  for (const lv1::LedgerEvent& e : events) {
    auto env = eventlog::Wrap(e, StrCat("test/", envelopes.size()),
                              {.organisation = kOrg, .actor = "test"});
    ASSERT_TRUE(env.ok()) << env.status();
    envelopes.push_back(*env);
  }
  ASSERT_TRUE(log.Append(eventlog::kLedgerTopic, kOrg, envelopes).ok());

  auto component = MakeComponent({.log = &log, .data_dir = dir.Sub("reporting")});
  ASSERT_TRUE(component.ok()) << component.status();
  ASSERT_TRUE((*component)->Start().ok());
  auto server = grpcutil::Server::Start({}, {component->get()});
  ASSERT_TRUE(server.ok());
  auto stub = rv1::ReportService::NewStub((*server)->InProcessChannel());
  grpc::ClientContext context;
  rv1::RenderRequest request;
  request.set_organisation(kOrg);
  request.set_board("KS");
  request.mutable_period()->set_year(2010);
  request.mutable_period()->set_month(2);
  request.set_format("json");
  auto reader = stub->Render(&context, request);
  std::string bytes;
  rv1::RenderChunk chunk;
  while (reader->Read(&chunk)) bytes += chunk.data();
  grpc::Status status = reader->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  (*server)->Shutdown();
  (*component)->Stop();
  auto report = json::Parse(bytes, "report.json");
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->Find("fiscal_year")->text, "2009");
  EXPECT_EQ(report->Find("fiscal_year_start")->text, "2009-07");
  EXPECT_EQ(report->Find("fiscal_year_name")->text, "2009/10");
  const json::Value* op = Row(*report, "operating", "sum");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(op->Find("actual_ore")->text, std::to_string(actual));
  EXPECT_EQ(op->Find("prior_ore")->text, std::to_string(prior));
  EXPECT_EQ(op->Find("budget_ore")->text, std::to_string(budget_period));
  const json::Value* fc = Row(*report, "forecast", "sum");
  ASSERT_NE(fc, nullptr);
  EXPECT_EQ(fc->Find("prior_year_ore")->text, std::to_string(prior_year));
  EXPECT_EQ(fc->Find("budget_ore")->text, std::to_string(budget_year));
  EXPECT_NE(bytes.find("\"label\":\"Redovisat jul 2009\u2013feb 2010\""), std::string::npos);
  EXPECT_NE(bytes.find("\"label\":\"Redovisat jul 2008\u2013feb 2009\""), std::string::npos);
  EXPECT_NE(bytes.find("\"label\":\"Bokslut 2008/09\""), std::string::npos);
  EXPECT_NE(bytes.find("\"title\":\"Prognos för helår 2009/10\""), std::string::npos);
}

// The seed-sized sample as events: the report built from the projection is the report
// built from the input directly, byte for byte.
void ExpectSameReportThroughEvents(const BuildInput& input) {
  tertial::testing::TempDir dir;
  auto log = eventlog::EmbeddedLog::Open(dir.Sub("log"));
  ASSERT_TRUE(log.ok()) << log.status();
  ForecastSource written;
  ASSERT_TRUE(testing::AppendSampleEvents(**log, input, /*close_period=*/true, &written).ok());
  // The report says which forecast it shows and what of the ledger it rests on: what the
  // events said.
  BuildInput expected = input;
  expected.forecast_source = written;
  auto direct = Build(expected);
  ASSERT_TRUE(direct.ok()) << direct.status();
  auto component = MakeComponent({.log = log->get(), .data_dir = dir.Sub("reporting")});
  ASSERT_TRUE(component.ok()) << component.status();
  ASSERT_TRUE((*component)->Start().ok());
  auto server = grpcutil::Server::Start({}, {component->get()});
  ASSERT_TRUE(server.ok());
  auto stub = rv1::ReportService::NewStub((*server)->InProcessChannel());
  grpc::ClientContext context;
  rv1::RenderRequest request;
  request.set_organisation("0580");
  request.set_board("KS");
  request.mutable_period()->set_year(2021);
  request.mutable_period()->set_month(8);
  request.set_format("json");
  auto reader = stub->Render(&context, request);
  std::string bytes;
  rv1::RenderChunk chunk;
  while (reader->Read(&chunk)) bytes += chunk.data();
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_GT(bytes.size(), 20000u);
  EXPECT_NE(bytes.find("\"id\":\"unit:EKS\""), std::string::npos);
  EXPECT_EQ(bytes, RenderJson(*direct));
  (*server)->Shutdown();
  (*component)->Stop();
}

TEST(SampleEventsTest, ProjectionGivesTheSameReportAsTheInput) {
  ExpectSameReportThroughEvents(testing::SampleInput());
}

// With the seed's own indicators: text values ("data först vid årsskiftet"), I.U. with
// remarks, empty cells, gender rows and footnotes survive the goals events.
TEST(SampleEventsTest, SeedIndicatorsSurviveTheGoalsEvents) {
  auto input = testing::SeedInput("data/linkoping-ks/seed-tables.json");
  ASSERT_TRUE(input.ok()) << input.status();
  ExpectSameReportThroughEvents(*input);
}

}  // namespace
}  // namespace tertial::reporting
