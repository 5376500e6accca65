#include "relay.h"

#include <thread>

#include "tertial/base/strings.h"
#include "tertial/contract/public_event.h"
#include "tertial/log/log.h"

namespace tertial::relay {
namespace {

absl::StatusOr<PublicRecord> ToPublic(const contract::TopicContract& topic, int partition,
                                      const eventlog::Record& record) {
  absl::StatusOr<eventlog::Envelope> envelope = record.ParseEnvelope();
  absl::StatusOr<std::string> line = envelope.ok() ? contract::PublicEventJson(topic, *envelope)
                                                   : absl::StatusOr<std::string>(envelope.status());
  if (!line.ok()) {
    return absl::Status(line.status().code(),
                        StrCat(topic.topic, "/", partition, "@", record.offset,
                               ": cannot be made public: ", line.status().message()));
  }
  return PublicRecord{.topic = topic.public_topic,
                      .partition = partition,
                      .key = record.key,
                      .value = *std::move(line),
                      .source_offset = record.offset,
                      .source_batch = record.commit_offset};
}

int64_t MillisBetween(std::chrono::steady_clock::time_point from,
                      std::chrono::steady_clock::time_point to) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count();
}

}  // namespace

Relay::Relay(eventlog::EventLog* source, Publisher* publisher,
             std::vector<const contract::TopicContract*> topics, RelayOptions options)
    : source_(source), publisher_(publisher), topics_(std::move(topics)), options_(options) {}

absl::Status Relay::Start() {
  for (const contract::TopicContract* topic : topics_) {
    if (topic->public_topic.empty()) continue;
    absl::StatusOr<int> partitions = source_->Partitions(topic->topic);
    if (!partitions.ok()) {
      return absl::Status(partitions.status().code(), StrCat("source topic ", topic->topic, ": ",
                                                             partitions.status().message()));
    }
    if (absl::Status s = publisher_->EnsureTopic(topic->public_topic, *partitions); !s.ok()) {
      return s;
    }
    for (int partition = 0; partition < *partitions; ++partition) {
      absl::StatusOr<std::optional<int64_t>> last =
          publisher_->LastRelayed(topic->public_topic, partition);
      if (!last.ok()) {
        return absl::Status(last.status().code(),
                            StrCat("finding where ", topic->public_topic, "/", partition,
                                   " resumes: ", last.status().message()));
      }
      Route route{.topic = topic, .partition = partition};
      route.committed_next = last->has_value() ? **last + 1 : 0;
      log::Info("resuming", {{"topic", topic->topic},
                             {"partition", static_cast<int64_t>(partition)},
                             {"from", route.committed_next},
                             {"public_topic", topic->public_topic}});
      routes_.push_back(std::move(route));
    }
  }
  if (routes_.empty()) return absl::InvalidArgumentError("no topic with a public topic to relay");
  return absl::OkStatus();
}

absl::StatusOr<int64_t> Relay::Drain(Route& route) {
  const contract::TopicContract& topic = *route.topic;
  int64_t next = route.committed_next;  // the next source offset to read
  int64_t in_transaction = 0;           // events produced since Begin
  int64_t open_batch = 0;               // the source batch of the last event produced
  bool open = false;
  int64_t published = 0;
  auto abort = [&] {
    if (open) publisher_->Abort();
    open = false;
  };
  auto began = std::chrono::steady_clock::now();
  auto commit = [&]() -> absl::Status {
    open = false;
    const auto committing = std::chrono::steady_clock::now();
    if (absl::Status s = publisher_->Commit(); !s.ok()) return s;
    if (log::Enabled(log::Level::kDebug)) {
      const auto now = std::chrono::steady_clock::now();
      log::Debug("committed a transaction", {{"topic", topic.public_topic},
                                             {"partition", static_cast<int64_t>(route.partition)},
                                             {"events", in_transaction},
                                             {"next", next},
                                             {"ms", MillisBetween(began, now)},
                                             {"commit_ms", MillisBetween(committing, now)}});
    }
    route.committed_next = next;
    published += in_transaction;
    events_ += in_transaction;
    ++transactions_;
    in_transaction = 0;
    return absl::OkStatus();
  };
  while (true) {
    if (stop_) {
      abort();  // published again by the next start: nothing of it is committed
      return published;
    }
    absl::StatusOr<std::vector<eventlog::Record>> records =
        source_->Read(topic.topic, route.partition, next, options_.read_records);
    if (!records.ok()) {
      abort();
      return records.status();
    }
    if (records->empty()) {
      // The source has no more now, so the last batch read is whole: every record of a
      // batch is readable once any of it is (event_log.h).
      if (open) {
        if (absl::Status s = commit(); !s.ok()) return s;
      }
      return published;
    }
    for (const eventlog::Record& record : *records) {
      if (open && record.commit_offset != open_batch &&
          in_transaction >= options_.transaction_events) {
        // A batch boundary: the transaction holds whole batches. Give the other partitions
        // their turn; the records read past here are read again (the source caches them).
        if (absl::Status s = commit(); !s.ok()) return s;
        return published;
      }
      absl::StatusOr<PublicRecord> out = ToPublic(topic, route.partition, record);
      if (!out.ok()) {
        abort();
        return out.status();
      }
      if (!open) {
        if (absl::Status s = publisher_->Begin(); !s.ok()) return s;
        open = true;
        began = std::chrono::steady_clock::now();
      }
      if (absl::Status s = publisher_->Produce(*out); !s.ok()) {
        abort();
        return s;
      }
      next = record.offset + 1;
      open_batch = record.commit_offset;
      ++in_transaction;
    }
  }
}

absl::StatusOr<int64_t> Relay::Pass() {
  int64_t published = 0;
  const auto now = std::chrono::steady_clock::now();
  for (Route& route : routes_) {
    if (stop_) break;
    if (now < route.retry_at) continue;
    absl::StatusOr<int64_t> drained = Drain(route);
    if (absl::IsFailedPrecondition(drained.status())) return drained.status();
    if (!drained.ok()) {
      if (route.last_error != drained.status().message()) {
        log::Warning("relaying a partition failed; retrying",
                     {{"topic", route.topic->topic},
                      {"partition", static_cast<int64_t>(route.partition)},
                      {"from", route.committed_next},
                      {"error", drained.status()}});
      }
      route.last_error = std::string(drained.status().message());
      route.retry_at = now + options_.retry_after;
      continue;
    }
    route.last_error.clear();
    published += *drained;
  }
  return published;
}

absl::Status Relay::CatchUp() {
  while (!stop_) {
    int64_t published = 0;
    for (Route& route : routes_) {
      absl::StatusOr<int64_t> drained = Drain(route);
      if (!drained.ok()) return drained.status();
      published += *drained;
    }
    if (published == 0) return absl::OkStatus();
  }
  return absl::OkStatus();
}

absl::Status Relay::Run() {
  while (!stop_) {
    absl::StatusOr<int64_t> published = Pass();
    if (!published.ok()) return published.status();
    if (*published > 0 || stop_) continue;
    // Routes waiting to be retried are left out: their records are there, and waiting on
    // them would not wait at all.
    std::vector<eventlog::ReadPosition> positions;
    const auto now = std::chrono::steady_clock::now();
    for (const Route& route : routes_) {
      if (now < route.retry_at) continue;
      positions.push_back({route.topic->topic, route.partition, route.committed_next});
    }
    if (positions.empty()) {
      std::this_thread::sleep_for(options_.idle_wait);
    } else {
      source_->WaitForAny(positions, options_.idle_wait);
    }
  }
  return absl::OkStatus();
}

void Relay::Stop() {
  stop_ = true;
  source_->WakeWaiters();
}

}  // namespace tertial::relay
