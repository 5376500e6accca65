#include "api.h"

#include <gtest/gtest.h>

#include "tertial/forecast/v1/service.pb.h"
#include "tertial/goals/v1/service.pb.h"
#include "tertial/reporting/v1/service.pb.h"

namespace tertial::web {
namespace {

grpcutil::Principal Reader(std::string org) {
  return {.subject = "eva", .role = grpcutil::Role::kReader, .organisation = std::move(org)};
}

TEST(ApiTest, FillsARequestFromTheQueryByFieldName) {
  reporting::v1::RenderRequest request;
  ASSERT_TRUE(RequestFromQuery({{"board", "KS"}, {"period", "2021-08"}, {"force", "true"}},
                               Reader("0580"), &request)
                  .ok());
  EXPECT_EQ(request.organisation(), "0580");  // the caller's, filled in
  EXPECT_EQ(request.board(), "KS");
  EXPECT_EQ(request.period().year(), 2021);
  EXPECT_EQ(request.period().month(), 8);
  EXPECT_TRUE(request.force());
}

TEST(ApiTest, AnyPeriodMessageTakesYearAndMonth) {
  goals::v1::GetGoalReportRequest request;
  ASSERT_TRUE(
      RequestFromQuery({{"board_unit_id", "KS"}, {"period", "2021-08"}}, Reader("0580"), &request)
          .ok());
  EXPECT_EQ(request.period().year(), 2021);
  EXPECT_EQ(request.period().month(), 8);
  forecast::v1::GetForecastRequest forecast;
  absl::Status whole = RequestFromQuery({{"as_of", "2021"}}, Reader("0580"), &forecast);
  EXPECT_EQ(whole.code(), absl::StatusCode::kInvalidArgument) << whole;
}

TEST(ApiTest, NestedFieldsTakeDots) {
  reporting::v1::RenderRequest request;
  ASSERT_TRUE(
      RequestFromQuery({{"period.year", "2021"}, {"period.month", "7"}}, Reader("*"), &request)
          .ok());
  EXPECT_EQ(request.period().month(), 7);
  EXPECT_EQ(request.organisation(), "");  // "*" may ask across organisations
}

TEST(ApiTest, RefusesUnknownFieldsBadValuesAndAnotherOrganisation) {
  reporting::v1::RenderRequest request;
  absl::Status unknown = RequestFromQuery({{"bord", "KS"}}, Reader("0580"), &request);
  EXPECT_EQ(unknown.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.message().find("board"), std::string_view::npos) << unknown;
  EXPECT_EQ(RequestFromQuery({{"period", "2021-13"}}, Reader("0580"), &request).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RequestFromQuery({{"force", "kanske"}}, Reader("0580"), &request).code(),
            absl::StatusCode::kInvalidArgument);
  reporting::v1::RenderRequest other;
  EXPECT_EQ(RequestFromQuery({{"organisation", "0999"}}, Reader("0580"), &other).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(ApiTest, AnswersInProtobufsJsonMappingWithProtoFieldNames) {
  reporting::v1::ListReportsResponse response;
  auto* ref = response.add_reports();
  ref->set_organisation("0580");
  ref->set_board_name("Kommunstyrelsen <KS>");
  ref->mutable_period()->set_year(2021);
  ref->set_has_forecast(true);
  absl::StatusOr<std::string> json = ToJson(response);
  ASSERT_TRUE(json.ok());
  EXPECT_NE(json->find("\"board_name\":\"Kommunstyrelsen "), std::string::npos) << *json;
  EXPECT_NE(json->find("\"period\":{\"year\":2021"), std::string::npos) << *json;
  EXPECT_NE(json->find("\"has_forecast\":true"), std::string::npos) << *json;
}

TEST(ApiTest, EveryMethodIsFoundByServiceAndNameAndIsARead) {
  for (const ApiMethod& m : ApiMethods()) {
    EXPECT_EQ(FindApiMethod(m.service, m.method), &m);
    EXPECT_TRUE(m.method.rfind("Get", 0) == 0 || m.method.rfind("List", 0) == 0 ||
                m.method == "Backtest" || m.method == "Validate")
        << m.method;
  }
  EXPECT_EQ(FindApiMethod("forecast", "Adjust"), nullptr);
  EXPECT_EQ(FindApiMethod("reporting", "SetNarrative"), nullptr);
}

}  // namespace
}  // namespace tertial::web
