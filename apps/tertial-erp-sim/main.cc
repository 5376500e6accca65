// tertial-erp-sim: an ERP that books a municipality's ledger again, voucher by voucher, for
// demos, tests and benchmarks. It reads the vouchers of an SIE file (the demo's: the file
// tertial-demo-data writes) and posts them to the ledger's PostVouchers at a chosen rate, K
// per request, in series "<prefix><series>" so that they do not collide with the same file
// imported; it prints how many were accepted, duplicate and rejected and the rate achieved.
// SIGTERM or SIGINT stops it within 2 s, with the counts so far.
//
// Only gRPC for now; posting to the Kafka inbound topic (tertial.ledger.inbound.v1) comes
// with that topic.
//
//   tertial-erp-sim --server 127.0.0.1:50051 --org 0580 --rate 500/s --batch 10 ledger.se

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "tertial/base/strings.h"
#include "tertial/config/flags.h"
#include "tertial/grpcutil/channel.h"
#include "tertial/ledger/v1/service.grpc.pb.h"
#include "tertial/period/proto.h"
#include "tertial/sie/reader.h"

namespace {

namespace v1 = tertial::ledger::v1;
using tertial::StrCat;
using Clock = std::chrono::steady_clock;

std::atomic<bool> stop_requested{false};

void OnSignal(int) { stop_requested = true; }

// "500", "500/s": vouchers per second.
bool ParseRate(const std::string& text, double* rate) {
  std::string number = text;
  if (number.size() > 2 && number.substr(number.size() - 2) == "/s") {
    number.resize(number.size() - 2);
  }
  return absl::SimpleAtod(number, rate) && *rate > 0;
}

v1::VoucherToPost ToPost(const tertial::sie::Voucher& voucher, const std::string& prefix) {
  v1::VoucherToPost out;
  out.set_series(prefix + voucher.series);
  out.set_number(voucher.number);
  tertial::period::ToProto(voucher.date, out.mutable_date());
  out.set_text(voucher.text);
  for (const tertial::sie::Transaction& transaction : voucher.transactions) {
    if (!tertial::sie::CountsTowardsBalance(transaction)) continue;
    v1::VoucherLine* line = out.add_lines();
    line->set_account(transaction.account);
    for (const tertial::sie::ObjectRef& object : transaction.objects) {
      v1::ObjectRef* ref = line->add_objects();
      ref->set_dimension(object.dimension);
      ref->set_object_id(object.object_id);
    }
    line->set_amount_ore(transaction.amount_ore);
    line->set_text(transaction.text);
  }
  return out;
}

int Run(int argc, char** argv) {
  std::string server = "127.0.0.1:50051", organisation, rate_text = "100/s", token, prefix = "SIM",
              sender = "tertial-erp-sim";
  int64_t batch = 10, limit = 0;
  tertial::config::FlagSet flags("tertial-erp-sim");
  flags.String("server", &server, "the ledger's (or tertiald's) gRPC address",
               {.env = "TERTIAL_SERVER"});
  flags.String("org", &organisation, "kommunkod to post to", {.env = "TERTIAL_ORG"});
  flags.String("token", &token, "bearer token of a controller",
               {.env = "TERTIAL_TOKEN", .secret = true});
  flags.String("rate", &rate_text, "vouchers per second to post, e.g. 500/s");
  flags.Int("batch", &batch, "vouchers per request (1-100)");
  flags.Int("limit", &limit, "stop after this many vouchers; 0: the whole file");
  flags.String("series-prefix", &prefix,
               "put before each voucher's series, so that the file's own import does not make "
               "every voucher a conflict; empty: the series as in the file");
  flags.String("sender", &sender, "the sender named in each batch (tertial imports shows it)");
  absl::StatusOr<std::vector<std::string>> files = flags.Parse(argc, argv);
  if (!files.ok() || files->size() != 1) {
    std::fprintf(stderr, "%s\nusage: tertial-erp-sim [flags] LEDGER.se\n%s",
                 files.ok() ? "" : std::string(files.status().message()).c_str(),
                 flags.Usage().c_str());
    return 2;
  }
  double rate = 0;
  if (!ParseRate(rate_text, &rate) || batch < 1 || batch > 100 || organisation.empty()) {
    std::fprintf(stderr, "expected --org, --rate N or N/s (N > 0) and --batch 1-100\n");
    return 2;
  }
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);

  absl::StatusOr<std::unique_ptr<tertial::sie::ByteSource>> source =
      tertial::sie::OpenFile((*files)[0]);
  if (!source.ok()) {
    std::fprintf(stderr, "%s\n", std::string(source.status().message()).c_str());
    return 1;
  }
  tertial::sie::Reader reader(source->get(), (*files)[0]);
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      tertial::grpcutil::MakeChannel(server, {.bearer_token = token});
  if (!channel.ok()) {
    std::fprintf(stderr, "%s\n", std::string(channel.status().message()).c_str());
    return 1;
  }
  auto stub = v1::LedgerService::NewStub(*channel);
  grpc::ClientContext context;
  // The stream lives as long as the replay; each request has the server's own deadline.
  auto stream = stub->PostVouchers(&context);
  // Stops a request waiting for its answer once a signal has come and a second has passed.
  std::atomic<bool> done{false};
  std::thread watchdog([&] {
    while (!done && !stop_requested) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    for (int i = 0; i < 50 && !done; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (!done) context.TryCancel();
  });

  std::vector<double> latencies_ms;
  int64_t sent = 0, accepted = 0, duplicate = 0, rejected = 0, requests = 0, reasons = 0;
  const Clock::time_point start = Clock::now();
  bool more = true, failed = false;
  while (more && !stop_requested && (limit == 0 || sent < limit)) {
    v1::PostVouchersRequest request;
    request.set_organisation(organisation);
    request.set_sender(sender);
    request.set_request_id(StrCat(requests + 1));
    while (request.vouchers_size() < batch && (limit == 0 || sent < limit)) {
      tertial::sie::Item item;
      absl::StatusOr<bool> next = reader.Next(&item);
      if (!next.ok() || !*next) {
        if (!next.ok()) std::fprintf(stderr, "%s\n", std::string(next.status().message()).c_str());
        more = false;
        break;
      }
      if (const auto* voucher = std::get_if<tertial::sie::Voucher>(&item)) {
        *request.add_vouchers() = ToPost(*voucher, prefix);
        ++sent;
      }
    }
    if (request.vouchers_size() == 0) break;
    // Pace: the n-th voucher goes no earlier than n / rate seconds after the start.
    const auto due = start + std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(static_cast<double>(sent) / rate));
    while (Clock::now() < due && !stop_requested) {
      std::this_thread::sleep_for(
          std::min<Clock::duration>(due - Clock::now(), std::chrono::milliseconds(50)));
    }
    if (stop_requested) break;
    v1::PostVouchersResponse response;
    const Clock::time_point posted = Clock::now();
    if (!stream->Write(request) || !stream->Read(&response)) {
      failed = true;
      break;
    }
    // The ledger answers once its projection has applied the batch: from here GetBalances
    // shows it (docs/deploy.md, "Read your writes").
    latencies_ms.push_back(
        std::chrono::duration<double, std::milli>(Clock::now() - posted).count());
    ++requests;
    for (const v1::VoucherAnswer& answer : response.answers()) {
      switch (answer.outcome()) {
        case v1::VOUCHER_OUTCOME_ACCEPTED:
          ++accepted;
          break;
        case v1::VOUCHER_OUTCOME_DUPLICATE:
          ++duplicate;
          break;
        default:
          ++rejected;
          if (reasons++ < 5 && answer.errors_size() > 0) {
            std::fprintf(stderr, "rejected %s %s: %s: %s\n", answer.series().c_str(),
                         answer.number().c_str(), answer.errors(0).field().c_str(),
                         answer.errors(0).message().c_str());
          }
      }
    }
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  stream->WritesDone();
  grpc::Status status = stream->Finish();
  done = true;
  watchdog.join();
  std::printf(
      "requests %lld, accepted %lld, duplicate %lld, rejected %lld in %.2f s: %.0f "
      "vouchers/s accepted (asked %.0f/s)%s\n",
      static_cast<long long>(requests), static_cast<long long>(accepted),
      static_cast<long long>(duplicate), static_cast<long long>(rejected), seconds,
      seconds > 0 ? static_cast<double>(accepted) / seconds : 0.0, rate,
      stop_requested ? " (stopped)" : "");
  if (!latencies_ms.empty()) {
    std::sort(latencies_ms.begin(), latencies_ms.end());
    auto at = [&](double q) {
      return latencies_ms[std::min(
          latencies_ms.size() - 1,
          static_cast<size_t>(q * static_cast<double>(latencies_ms.size())))];
    };
    std::printf("post to visible in GetBalances: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", at(0.5),
                at(0.99), latencies_ms.back());
  }
  if (failed && !stop_requested) {
    std::fprintf(stderr, "PostVouchers: %s\n", status.error_message().c_str());
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
