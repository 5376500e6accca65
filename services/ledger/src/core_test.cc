#include "core.h"

#include <gtest/gtest.h>

#include "projection.h"
#include "tertial/eventlog/embedded_log.h"
#include "tertial/eventlog/envelope.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::ledger {
namespace {

// The core without a server: closing periods and knowing organisations, as the gRPC
// adapter calls them once it has authorized the caller.
class LedgerCoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = *eventlog::EmbeddedLog::Open(dir_.Sub("log"), {.sync_commits = false});
    db_ = *projection::ProjectionDb::Open(dir_.Sub("projection"));
    runner_ = std::make_unique<projection::Runner>(log_.get(), db_.get(), &projection_);
    core_ = std::make_unique<LedgerCore>(log_.get(), db_.get(), runner_.get());
  }

  std::vector<eventlog::Envelope> Ledger() {
    std::vector<eventlog::Envelope> out;
    absl::StatusOr<int> partitions = log_->Partitions(eventlog::kLedgerTopic);
    EXPECT_TRUE(partitions.ok());
    for (int p = 0; partitions.ok() && p < *partitions; ++p) {
      absl::StatusOr<std::vector<eventlog::Record>> records =
          log_->Read(eventlog::kLedgerTopic, p, 0, 1000);
      EXPECT_TRUE(records.ok());
      for (const eventlog::Record& r : *records) out.push_back(*r.ParseEnvelope());
    }
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<eventlog::EmbeddedLog> log_;
  std::unique_ptr<projection::ProjectionDb> db_;
  LedgerProjection projection_;
  std::unique_ptr<projection::Runner> runner_;
  std::unique_ptr<LedgerCore> core_;
};

TEST_F(LedgerCoreTest, ClosesAPeriodOnceByWhomAsked) {
  absl::StatusOr<bool> closed = core_->ClosePeriod("0580", {2021, 8}, "anna");
  ASSERT_TRUE(closed.ok()) << closed.status();
  EXPECT_FALSE(*closed);
  std::vector<eventlog::Envelope> events = Ledger();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].actor(), "anna");
  v1::LedgerEvent event;
  ASSERT_TRUE(eventlog::Unwrap(events[0], &event).ok());
  EXPECT_EQ(event.period_closed().period().year(), 2021);
  EXPECT_EQ(event.period_closed().period().month(), 8);

  closed = core_->ClosePeriod("0580", {2021, 8}, "bertil");
  ASSERT_TRUE(closed.ok()) << closed.status();
  EXPECT_TRUE(*closed);  // already closed: nothing appended
  EXPECT_EQ(Ledger().size(), 1u);

  closed = core_->ClosePeriod("0580", {2021, 9}, "");
  ASSERT_TRUE(closed.ok()) << closed.status();
  EXPECT_FALSE(*closed);
  events = Ledger();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].actor(), "unknown");
}

TEST_F(LedgerCoreTest, RefusesAPeriodThatIsNoMonthAndAMissingOrganisation) {
  EXPECT_EQ(core_->ClosePeriod("0580", {2021, 13}, "anna").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(core_->ClosePeriod("0580", {1800, 1}, "anna").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(core_->ClosePeriod("", {2021, 8}, "anna").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Ledger().empty());
}

TEST_F(LedgerCoreTest, ReopensWithAReasonAndClosingAgainIsANewEvent) {
  ASSERT_TRUE(core_->ClosePeriod("0580", {2021, 8}, "anna").ok());
  EXPECT_EQ(core_->ReopenPeriod("0580", {2021, 9}, "rättelse", "anna").status().code(),
            absl::StatusCode::kFailedPrecondition);  // open: nothing to reopen
  EXPECT_EQ(core_->ReopenPeriod("0580", {2021, 6}, "", "anna").status().code(),
            absl::StatusCode::kInvalidArgument);
  absl::StatusOr<v1::PeriodReopened> reopened =
      core_->ReopenPeriod("0580", {2021, 6}, "rättelse", "bertil");
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ(reopened->closed_through().month(), 5);
  // June to August are open again, May stays closed.
  absl::StatusOr<bool> closed = core_->ClosePeriod("0580", {2021, 5}, "anna");
  ASSERT_TRUE(closed.ok());
  EXPECT_TRUE(*closed);
  closed = core_->ClosePeriod("0580", {2021, 8}, "anna");
  ASSERT_TRUE(closed.ok());
  EXPECT_FALSE(*closed);
  std::vector<eventlog::Envelope> events = Ledger();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[1].actor(), "bertil");
  v1::LedgerEvent event;
  ASSERT_TRUE(eventlog::Unwrap(events[1], &event).ok());
  EXPECT_EQ(event.period_reopened().reason(), "rättelse");
  // The second closing of August is not the first one again.
  EXPECT_NE(events[2].event_id(), events[0].event_id());
}

TEST_F(LedgerCoreTest, AnOrganisationWithNothingImportedIsNotFound) {
  absl::Status unknown = core_->CheckKnown("0999", [](std::string_view) { return true; });
  EXPECT_EQ(unknown.code(), absl::StatusCode::kNotFound) << unknown;
}

}  // namespace
}  // namespace tertial::ledger
