#ifndef TERTIAL_TESTS_GOALS_GOALS_FIXTURE_H_
#define TERTIAL_TESTS_GOALS_GOALS_FIXTURE_H_

// The goals component on an embedded log in a temporary directory, served in-process,
// with a stub to it. Ledger events may be appended straight to the log.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "tertial/eventlog/embedded_log.h"
#include "tertial/goals/v1/service.grpc.pb.h"
#include "tertial/grpcutil/auth.h"
#include "tertial/grpcutil/component.h"
#include "tertial/grpcutil/server.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::goals::e2e {

namespace pb = ::tertial::goals::v1;
namespace lpb = ::tertial::ledger::v1;

class GoalsFixture : public ::testing::Test {
 protected:
  // `authorizer` null: open.
  void StartGoals(std::shared_ptr<const grpcutil::Authorizer> authorizer = nullptr);
  void TearDown() override;

  void AppendLedger(const std::vector<lpb::LedgerEvent>& events, const std::string& org = "0580");
  // Imports a file through the API; fails the test on transport errors.
  pb::ImportResult Import(pb::ImportFormat format, const std::string& path_or_content,
                          bool is_path = true);
  pb::GoalReport Report(const std::string& period);
  pb::IndicatorTable Indicators(const std::string& period);

  static std::string Read(const std::string& path);

  testing::TempDir dir_;
  std::unique_ptr<eventlog::EmbeddedLog> log_;
  std::unique_ptr<grpcutil::Component> component_;
  std::unique_ptr<grpcutil::Server> server_;
  std::unique_ptr<pb::GoalService::Stub> stub_;
};

// Finds a row of an indicator table; fails the test if absent.
const pb::IndicatorRow& RowOf(const pb::IndicatorTable& table, const std::string& indicator,
                              const std::string& breakdown = "");
// The value of a row in a column ("2019", "2020", "2021-08"); null if the cell is empty.
const pb::IndicatorValue* Cell(const pb::IndicatorRow& row, const std::string& column);

}  // namespace tertial::goals::e2e

#endif  // TERTIAL_TESTS_GOALS_GOALS_FIXTURE_H_
