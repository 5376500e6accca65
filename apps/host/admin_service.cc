#include "admin_service.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>

#include "tertial/admin/v1/service.grpc.pb.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"
#include "tertial/grpcutil/message_text.h"
#include "tertial/grpcutil/status.h"
#include "tertial/projection/quarantine.h"
#include "tertial/projection/runner.h"

namespace tertial::host {
namespace {

namespace v1 = ::tertial::admin::v1;
using Clock = std::chrono::steady_clock;

}  // namespace

std::vector<projection::Runner*> RunnersOf(const HostedService& service) {
  // Whether `path` is `dir` or lies below it.
  auto is_under = [](const std::string& path, const std::string& dir) {
    std::string p = std::filesystem::path(path).lexically_normal().string();
    std::string d = std::filesystem::path(dir).lexically_normal().string();
    while (d.size() > 1 && d.back() == '/') d.pop_back();
    return p == d || (p.size() > d.size() && p.compare(0, d.size(), d) == 0 && p[d.size()] == '/');
  };
  std::vector<projection::Runner*> runners;
  projection::Runner::ForEach([&](projection::Runner& runner) {
    if (is_under(runner.db().path(), service.data_dir)) runners.push_back(&runner);
  });
  std::sort(runners.begin(), runners.end(),
            [](projection::Runner* a, projection::Runner* b) { return a->name() < b->name(); });
  return runners;
}

namespace {

class AdminServiceImpl final : public v1::AdminService::Service {
 public:
  AdminServiceImpl(eventlog::EventLog* log, std::vector<HostedService> services,
                   std::shared_ptr<const grpcutil::Authorizer> authorizer)
      : log_(log), services_(std::move(services)), authorizer_(std::move(authorizer)) {}

  grpc::Status Status(grpc::ServerContext* context, const v1::StatusRequest* request,
                      v1::StatusResponse* response) override {
    if (absl::Status s = Admit(context, *request); !s.ok()) return grpcutil::ToGrpc(s);
    absl::StatusOr<std::vector<const HostedService*>> selected = Select(request->service());
    if (!selected.ok()) return grpcutil::ToGrpc(selected.status());
    for (const HostedService* service : *selected) {
      for (projection::Runner* runner : RunnersOf(*service)) {
        // What the runner last learnt: status answers while the log is away.
        std::vector<projection::PartitionProgress> progress = runner->KnownProgress();
        absl::Status log_error = runner->log_error();
        v1::ProjectionStatus* out = response->add_projections();
        out->set_service(service->name);
        out->set_projection(runner->name());
        out->set_rebuilding(runner->rebuilding());
        if (absl::Status error = runner->last_error(); !error.ok()) {
          out->set_last_error(ValidUtf8(
              StrCat(absl::StatusCodeToString(error.code()), ": ", std::string(error.message()))));
        }
        if (!log_error.ok()) {
          out->set_log_error(ValidUtf8(StrCat(absl::StatusCodeToString(log_error.code()), ": ",
                                              std::string(log_error.message()))));
        }
        out->set_quarantined_skipped(runner->quarantined_skipped());
        for (const projection::PartitionProgress& p : progress) {
          v1::PartitionStatus* partition = out->add_partitions();
          partition->set_topic(p.topic);
          partition->set_partition(p.partition);
          partition->set_consumed_offset(p.consumed);
          partition->set_end_offset(p.end);
          partition->set_lag(p.end - p.consumed);
          // Reads the log: only where that is local or it answers now.
          if (p.consumed > 0 && (log_->EndOffsetIsLocal() || log_error.ok())) {
            SetLastEventTime(p, partition);
          }
        }
      }
    }
    return grpc::Status::OK;
  }

  grpc::Status Rebuild(grpc::ServerContext* context, const v1::RebuildRequest* request,
                       grpc::ServerWriter<v1::RebuildProgress>* writer) override {
    if (absl::Status s = Admit(context, *request); !s.ok()) return grpcutil::ToGrpc(s);
    if (request->service().empty()) {
      return grpcutil::ToGrpc(absl::InvalidArgumentError(
          StrCat("service: name the service to rebuild (", Names(), ")")));
    }
    absl::StatusOr<std::vector<const HostedService*>> selected = Select(request->service());
    if (!selected.ok()) return grpcutil::ToGrpc(selected.status());
    const HostedService& service = *selected->front();
    std::vector<projection::Runner*> runners = RunnersOf(service);
    if (runners.empty()) {
      return grpcutil::ToGrpc(absl::FailedPreconditionError(
          StrCat(service.name, " has no projections in this process")));
    }
    for (projection::Runner* runner : runners) {
      if (absl::Status s = RebuildOne(service, *runner, writer); !s.ok()) {
        return grpcutil::ToGrpc(
            absl::Status(s.code(), StrCat(service.name, ": ", runner->name(), ": ", s.message())));
      }
    }
    return grpc::Status::OK;
  }

  grpc::Status Quarantine(grpc::ServerContext* context, const v1::QuarantineRequest* request,
                          v1::QuarantineResponse* response) override {
    if (absl::Status s = Admit(context, *request); !s.ok()) return grpcutil::ToGrpc(s);
    if (request->topic().empty()) {
      return grpcutil::ToGrpc(absl::InvalidArgumentError(
          "topic: name the record's topic, partition and offset (TOPIC/PARTITION@OFFSET)"));
    }
    // Who: the token's subject when tokens are checked, else what the caller says.
    std::string actor = request->actor().empty() ? "operator" : request->actor();
    if (!authorizer_->open()) {
      if (absl::StatusOr<grpcutil::Principal> caller = authorizer_->Caller(context); caller.ok()) {
        actor = caller->subject;
      }
    }
    absl::StatusOr<projection::QuarantineResult> done = projection::Quarantine(
        *log_, {request->topic(), request->partition(), request->offset()}, request->reason(),
        request->force(), {.organisation = "*", .actor = actor});
    if (!done.ok()) return grpcutil::ToGrpc(done.status());
    response->set_offset(done->offset);
    response->set_record_key(done->event.record_key());
    response->set_event_type(done->event.event_type());
    response->set_event_id(done->event.event_id());
    response->set_problem(ValidUtf8(done->problem));
    std::fprintf(
        stderr, "tertial: %s quarantined %s (%s): %s\n", actor.c_str(),
        projection::RecordPlace(request->topic(), request->partition(), request->offset()).c_str(),
        ValidUtf8(done->problem.empty() ? "reads back; forced" : done->problem).c_str(),
        request->reason().c_str());
    return grpc::Status::OK;
  }

 private:
  // Every call: the request's text, and an admin token for every organisation.
  absl::Status Admit(grpc::ServerContext* context, const google::protobuf::Message& request) {
    if (absl::Status s = grpcutil::CheckMessageText(request); !s.ok()) return s;
    return authorizer_->Check(context, "", grpcutil::Role::kAdmin);
  }

  // The rebuild runs in its own thread while this one reports its progress; it goes on to
  // its end even when the caller has gone (a write to the stream then just fails).
  absl::Status RebuildOne(const HostedService& service, projection::Runner& runner,
                          grpc::ServerWriter<v1::RebuildProgress>* writer) {
    auto started = Clock::now();
    std::mutex mutex;
    std::condition_variable finished;
    bool done = false;
    absl::Status result;
    std::thread rebuild([&] {
      absl::Status s = runner.Rebuild();
      std::lock_guard<std::mutex> guard(mutex);
      result = std::move(s);
      done = true;
      finished.notify_all();
    });
    auto report = [&](bool last) {
      v1::RebuildProgress progress;
      progress.set_service(service.name);
      progress.set_projection(runner.name());
      if (absl::StatusOr<std::vector<projection::PartitionProgress>> at = runner.Progress();
          at.ok()) {
        for (const projection::PartitionProgress& p : *at) {
          progress.set_consumed_offset(progress.consumed_offset() + p.consumed);
          progress.set_end_offset(progress.end_offset() + p.end);
        }
      }
      progress.set_elapsed_ms(
          std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count());
      progress.set_done(last);
      writer->Write(progress);
    };
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mutex);
        if (finished.wait_for(lock, std::chrono::milliseconds(250), [&] { return done; })) break;
      }
      report(false);
    }
    rebuild.join();
    if (result.ok()) report(true);
    return result;
  }

  void SetLastEventTime(const projection::PartitionProgress& p, v1::PartitionStatus* out) {
    absl::StatusOr<std::vector<eventlog::Record>> last =
        log_->Read(p.topic, p.partition, p.consumed - 1, 1);
    if (!last.ok() || last->empty()) return;
    absl::StatusOr<eventlog::Envelope> envelope = last->front().ParseEnvelope();
    if (envelope.ok() && envelope->has_recorded_at()) {
      *out->mutable_last_event_time() = envelope->recorded_at();
    }
  }

  absl::StatusOr<std::vector<const HostedService*>> Select(const std::string& name) const {
    std::vector<const HostedService*> out;
    for (const HostedService& service : services_) {
      if (name.empty() || service.name == name) out.push_back(&service);
    }
    if (out.empty() && !name.empty()) {
      return absl::NotFoundError(
          StrCat("service: ", name, " is not hosted by this server (it hosts ", Names(), ")"));
    }
    return out;
  }

  std::string Names() const {
    std::string names;
    for (const HostedService& service : services_) {
      StrAppend(&names, names.empty() ? "" : ", ", service.name);
    }
    return names;
  }

  eventlog::EventLog* log_;
  std::vector<HostedService> services_;
  std::shared_ptr<const grpcutil::Authorizer> authorizer_;
};

class AdminComponent final : public grpcutil::Component {
 public:
  AdminComponent(eventlog::EventLog* log, std::vector<HostedService> services,
                 std::shared_ptr<const grpcutil::Authorizer> authorizer)
      : service_(log, std::move(services), std::move(authorizer)) {}
  std::string_view name() const override { return "admin"; }
  std::vector<std::string_view> service_names() const override {
    return {v1::AdminService::service_full_name()};
  }
  std::vector<grpc::Service*> services() override { return {&service_}; }
  absl::Status Start() override { return absl::OkStatus(); }
  void Stop() override {}

 private:
  AdminServiceImpl service_;
};

}  // namespace

std::unique_ptr<grpcutil::Component> MakeAdminComponent(
    eventlog::EventLog* log, std::vector<HostedService> services,
    std::shared_ptr<const grpcutil::Authorizer> authorizer) {
  if (authorizer == nullptr) authorizer = grpcutil::Authorizer::Open();
  return std::make_unique<AdminComponent>(log, std::move(services), std::move(authorizer));
}

}  // namespace tertial::host
