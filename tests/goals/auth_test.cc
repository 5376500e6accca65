// Every GoalService call asks the Authorizer: a reader cannot import, a token for one
// municipality sees nothing of another's, and no token is no access.

#include <grpcpp/client_context.h>

#include "goals_fixture.h"
#include "tertial/base/hash.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals::e2e {
namespace {

std::string TokenLine(const std::string& token, const std::string& rest) {
  return "sha256:" + Sha256Hex(token) + " " + rest + "\n";
}

class Auth : public GoalsFixture {
 protected:
  void SetUp() override {
    auto authorizer = grpcutil::Authorizer::FromText(
        TokenLine("read-0580", "rita reader 0580") + TokenLine("ctl-0580", "anna controller 0580") +
            TokenLine("ctl-0180", "olle controller 0180") + TokenLine("admin", "it admin *"),
        "tokens");
    ASSERT_TRUE(authorizer.ok()) << authorizer.status();
    StartGoals(*authorizer);
  }

  grpc::Status ImportAs(const std::string& token, const std::string& organisation,
                        pb::ImportResult* result) {
    pb::ImportRequest request;
    request.set_organisation(organisation);
    request.set_format(pb::IMPORT_FORMAT_PLAN_YAML);
    request.set_file_name("plan.yaml");
    request.set_content(Read("data/linkoping-ks/plan.yaml"));
    grpc::ClientContext context;
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    return stub_->Import(&context, request, result);
  }

  grpc::Status ReportAs(const std::string& token, const std::string& organisation) {
    pb::GetGoalReportRequest request;
    request.set_organisation(organisation);
    *request.mutable_period() = MakePeriod(2021, 8);
    pb::GoalReport report;
    grpc::ClientContext context;
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    return stub_->GetGoalReport(&context, request, &report);
  }
};

TEST_F(Auth, RolesAndTenantsAreEnforced) {
  pb::ImportResult result;
  EXPECT_EQ(ImportAs("", "0580", &result).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ImportAs("read-0580", "0580", &result).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ImportAs("ctl-0180", "0580", &result).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // The plan names 0580: a controller of 0180 may not write it by leaving the
  // organisation out either.
  EXPECT_EQ(ImportAs("ctl-0180", "", &result).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status ok = ImportAs("ctl-0580", "", &result);
  ASSERT_TRUE(ok.ok()) << ok.error_message();
  EXPECT_TRUE(result.committed());

  EXPECT_TRUE(ReportAs("read-0580", "0580").ok());
  EXPECT_EQ(ReportAs("ctl-0180", "0580").error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // Leaving the organisation to the service needs a token for every organisation.
  EXPECT_EQ(ReportAs("read-0580", "").error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(ReportAs("admin", "").ok());

  // A command by a reader is refused; by the controller it is recorded with its subject.
  pb::RecordAssessmentRequest assess;
  assess.set_organisation("0580");
  assess.set_board_unit_id("KS");
  assess.set_goal_id("klimatsakert");
  *assess.mutable_period() = MakePeriod(2021, 8);
  assess.set_assessment(pb::ASSESSMENT_PARTLY_MET);
  assess.set_actor("someone-else");
  pb::CommandResult command;
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer read-0580");
    EXPECT_EQ(stub_->RecordAssessment(&context, assess, &command).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer ctl-0580");
    grpc::Status s = stub_->RecordAssessment(&context, assess, &command);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_TRUE(command.changed());
  }
  pb::GetGoalReportRequest request;
  request.set_organisation("0580");
  *request.mutable_period() = MakePeriod(2021, 8);
  pb::GoalReport report;
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer read-0580");
  ASSERT_TRUE(stub_->GetGoalReport(&context, request, &report).ok());
  for (const pb::GoalNode& node : report.goals()) {
    if (node.goal().goal_id() == "klimatsakert") {
      EXPECT_EQ(node.assessment().assessment(), pb::ASSESSMENT_PARTLY_MET);
      EXPECT_EQ(node.assessment().assessor(), "anna");  // the token's subject, not the claim
    }
  }
}

// `goals plans` without --org lists what the token may see: for a token of one
// organisation, its own plans (it was refused: "may only see organisation 0580").
TEST_F(Auth, PlansWithoutAnOrganisationAreTheTokensOwn) {
  pb::ImportResult imported;
  ASSERT_TRUE(ImportAs("ctl-0580", "0580", &imported).ok());
  auto plans = [&](const std::string& token, pb::ListPlansResponse* response) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    return stub_->ListPlans(&context, pb::ListPlansRequest(), response);
  };
  pb::ListPlansResponse own;
  grpc::Status status = plans("read-0580", &own);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(own.plans_size(), 1);
  EXPECT_EQ(own.plans(0).plan().board_unit_id(), "KS");
  pb::ListPlansResponse none;
  status = plans("ctl-0180", &none);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(none.plans_size(), 0);
}

}  // namespace
}  // namespace tertial::goals::e2e
