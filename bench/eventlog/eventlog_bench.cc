// Event log throughput, each figure beside a raw baseline doing the same work with the
// underlying library in the same run:
//   embedded append  vs  RocksDB WriteBatch puts of the same bytes   (target >= 50 %)
//   embedded replay  (target >= 1,000,000 events/s)
//   Kafka produce    vs  raw librdkafka produce of the same bytes, same settings
//                        (idempotent, acks=all), on the mock cluster  (target >= 70 %)
//
//   eventlog_bench [--events N] [--batch N] [--rounds N]
// Prints figures; it is not a test. The best of --rounds runs is reported for each side.

#include <librdkafka/rdkafka.h>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "tertial/eventlog/embedded_log.h"
#include "tertial/eventlog/kafka_log.h"
#include "tertial/eventlog/kafka_mock_cluster.h"
#include "tertial/eventlog/key_coding.h"
#include "tertial/testing/temp_dir.h"

namespace tertial::eventlog {
namespace {

using Clock = std::chrono::steady_clock;

struct Figures {
  double seconds = 0;
  int64_t events = 0;
  int64_t bytes = 0;
  double events_per_second() const { return events / seconds; }
  double mb_per_second() const { return bytes / seconds / 1e6; }
};

Figures Best(int rounds, const std::function<Figures()>& run) {
  Figures best;
  for (int i = 0; i < rounds; ++i) {
    Figures f = run();
    if (best.seconds == 0 || f.seconds < best.seconds) best = f;
  }
  return best;
}

void Print(const char* what, const Figures& f) {
  std::printf("  %-44s %10.0f events/s %8.1f MB/s  (%lld events in %.3f s)\n", what,
              f.events_per_second(), f.mb_per_second(), static_cast<long long>(f.events),
              f.seconds);
}

void Ratio(const char* what, const Figures& ours, const Figures& raw, double target) {
  double ratio = ours.events_per_second() / raw.events_per_second();
  std::printf("  %-44s %9.1f %%   (target >= %.0f %%: %s)\n", what, 100 * ratio, 100 * target,
              ratio >= target ? "met" : "MISSED");
}

// The machine's load while measuring: the figures mean little without it.
void PrintLoad(const char* when) {
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) == 3) {
    std::printf("load average %s: %.2f %.2f %.2f (1, 5, 15 min)\n", when, load[0], load[1],
                load[2]);
  }
}

// A ratio with no target: printed for information, never as a target met or missed.
void RatioInfo(const char* what, const Figures& ours, const Figures& raw, const char* why) {
  double ratio = ours.events_per_second() / raw.events_per_second();
  std::printf("  %-44s %9.1f %%   (information, no target: %s)\n", what, 100 * ratio, why);
}

// ~200-byte envelopes as the services write them.
std::vector<Envelope> Envelopes(int n) {
  std::vector<Envelope> out;
  out.reserve(n);
  for (int i = 0; i < n; ++i) {
    Envelope e;
    e.set_event_id("0f8fad5b-d9cb-469f-a165-" + std::to_string(700000000000 + i));
    e.set_organisation("0580");
    e.set_aggregate_key("voucher/2021/A/" + std::to_string(i));
    e.set_event_type("tertial.ledger.v1.VoucherPosted");
    e.set_schema_version(1);
    e.set_actor("import:sie");
    e.set_correlation_id("c6d1a7e2-1111-4c2b-9d7e-5f0e0c1a2b3c");
    e.set_payload(std::string(72, static_cast<char>('a' + i % 26)));
    out.push_back(std::move(e));
  }
  return out;
}

Figures EmbeddedAppend(const std::vector<Envelope>& envelopes, size_t batch, bool sync) {
  tertial::testing::TempDir dir;
  auto log = *EmbeddedLog::Open(dir.path(), {.sync_commits = sync});
  Figures f;
  auto start = Clock::now();
  for (size_t i = 0; i < envelopes.size(); i += batch) {
    auto writer = *log->BeginBatch(kLedgerTopic, "0580");
    for (size_t j = i; j < std::min(envelopes.size(), i + batch); ++j) {
      (void)writer->Add(envelopes[j]);
      f.bytes += static_cast<int64_t>(envelopes[j].ByteSizeLong());
    }
    if (!writer->Commit().ok()) std::abort();
  }
  f.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  f.events = static_cast<int64_t>(envelopes.size());
  return f;
}

// The same bytes, as raw puts: a record key per event and one end key per batch.
Figures RawRocksAppend(const std::vector<std::string>& values, size_t batch, bool sync) {
  tertial::testing::TempDir dir;
  rocksdb::Options options;
  options.create_if_missing = true;
  options.IncreaseParallelism(2);
  options.compression = rocksdb::kNoCompression;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(options, dir.path(), &raw).ok()) std::abort();
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteOptions write_options;
  write_options.sync = sync;
  Figures f;
  auto start = Clock::now();
  for (size_t i = 0; i < values.size(); i += batch) {
    rocksdb::WriteBatch wb;
    for (size_t j = i; j < std::min(values.size(), i + batch); ++j) {
      std::string key = "r";
      PutBigEndian64(&key, j);
      wb.Put(key, values[j]);
      f.bytes += static_cast<int64_t>(values[j].size());
    }
    wb.Put("end", "12345678");
    if (!db->Write(write_options, &wb).ok()) std::abort();
  }
  f.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  f.events = static_cast<int64_t>(values.size());
  return f;
}

Figures EmbeddedReplay(const std::vector<Envelope>& envelopes, bool parse) {
  tertial::testing::TempDir dir;
  auto log = *EmbeddedLog::Open(dir.path(), {.sync_commits = false});
  for (size_t i = 0; i < envelopes.size(); i += 1000) {
    std::vector<Envelope> batch(envelopes.begin() + i,
                                envelopes.begin() + std::min(envelopes.size(), i + 1000));
    if (!log->Append(kLedgerTopic, "0580", batch).ok()) std::abort();
  }
  Figures f;
  auto start = Clock::now();
  int64_t from = 0;
  for (;;) {
    auto records = *log->Read(kLedgerTopic, 0, from, 1000);
    if (records.empty()) break;
    for (const Record& r : records) {
      f.bytes += static_cast<int64_t>(r.value.size());
      if (parse && !r.ParseEnvelope().ok()) std::abort();
    }
    f.events += static_cast<int64_t>(records.size());
    from = records.back().offset + 1;
  }
  f.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return f;
}

// Topics of one partition take kPerTopic events each: the mock keeps ~5 MiB per partition.
constexpr size_t kPerTopic = 20000;

Figures KafkaAppend(const std::string& bootstrap, const std::function<std::string()>& new_topic,
                    const std::vector<Envelope>& envelopes, size_t batch) {
  KafkaLogOptions options;
  options.bootstrap_servers = bootstrap;
  auto log = *KafkaLog::Open(options);
  std::vector<std::string> topics;
  for (size_t i = 0; i < envelopes.size(); i += kPerTopic) topics.push_back(new_topic());
  for (const std::string& topic : topics) (void)log->Partitions(topic);
  Figures f;
  auto start = Clock::now();
  for (size_t i = 0; i < envelopes.size(); i += batch) {
    auto writer = *log->BeginBatch(topics[i / kPerTopic], "0580");
    for (size_t j = i; j < std::min(envelopes.size(), i + batch); ++j) {
      if (!writer->Add(envelopes[j]).ok()) std::abort();
      f.bytes += static_cast<int64_t>(envelopes[j].ByteSizeLong());
    }
    if (!writer->Commit().ok()) std::abort();
  }
  f.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  f.events = static_cast<int64_t>(envelopes.size());
  return f;
}

int delivered_errors = 0;
void CountErrors(rd_kafka_t*, const rd_kafka_message_t* m, void*) {
  if (m->err) ++delivered_errors;
}

// The same bytes through librdkafka directly, same settings: async produce with key and
// explicit partition, then flush. No headers, no waiting per batch, no markers.
Figures RawKafkaProduce(const std::string& bootstrap, const std::function<std::string()>& new_topic,
                        const std::vector<std::string>& values) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char error[512];
  for (auto [name, value] :
       std::vector<std::pair<const char*, const char*>>{{"bootstrap.servers", bootstrap.c_str()},
                                                        {"enable.idempotence", "true"},
                                                        {"acks", "all"},
                                                        {"linger.ms", "2"},
                                                        {"queue.buffering.max.kbytes", "262144"}}) {
    rd_kafka_conf_set(conf, name, value, error, sizeof(error));
  }
  rd_kafka_conf_set_dr_msg_cb(conf, &CountErrors);
  rd_kafka_t* producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof(error));
  std::vector<rd_kafka_topic_t*> topics;
  for (size_t i = 0; i < values.size(); i += kPerTopic) {
    topics.push_back(rd_kafka_topic_new(producer, new_topic().c_str(), nullptr));
    // Connect before the clock starts, as KafkaLog::Open does.
    const struct rd_kafka_metadata* md = nullptr;
    rd_kafka_metadata(producer, 0, topics.back(), &md, 10000);
    rd_kafka_metadata_destroy(md);
  }
  Figures f;
  auto start = Clock::now();
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string& v = values[i];
    while (rd_kafka_produce(topics[i / kPerTopic], 0, RD_KAFKA_MSG_F_COPY,
                            const_cast<char*>(v.data()), v.size(), "0580", 4, nullptr) != 0) {
      rd_kafka_poll(producer, 1);
    }
    rd_kafka_poll(producer, 0);
    f.bytes += static_cast<int64_t>(v.size());
  }
  rd_kafka_flush(producer, 60000);
  f.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  f.events = static_cast<int64_t>(values.size());
  for (rd_kafka_topic_t* rkt : topics) rd_kafka_topic_destroy(rkt);
  rd_kafka_destroy(producer);
  if (delivered_errors != 0) std::abort();
  return f;
}

}  // namespace
}  // namespace tertial::eventlog

int main(int argc, char** argv) {
  using namespace tertial::eventlog;
  int events = 200000;
  size_t batch = 1000;
  int rounds = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--events")) events = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--batch")) batch = static_cast<size_t>(std::atoi(argv[i + 1]));
    if (!std::strcmp(argv[i], "--rounds")) rounds = std::atoi(argv[i + 1]);
  }
  PrintLoad("at start");
  std::vector<Envelope> envelopes = Envelopes(events);
  std::vector<std::string> values;
  int64_t total = 0;
  for (const Envelope& e : envelopes) {
    values.push_back(e.SerializeAsString());
    total += static_cast<int64_t>(values.back().size());
  }
  std::printf("eventlog_bench: %d envelopes of %.0f bytes on average, batches of %zu, best of %d\n",
              events, static_cast<double>(total) / events, batch, rounds);

  std::printf("\nembedded log (RocksDB), no fsync\n");
  Figures append = Best(rounds, [&] { return EmbeddedAppend(envelopes, batch, false); });
  Figures raw = Best(rounds, [&] { return RawRocksAppend(values, batch, false); });
  Print("EmbeddedLog append", append);
  Print("raw RocksDB WriteBatch put, same bytes", raw);
  Ratio("append / raw", append, raw, 0.5);
  std::printf("\nembedded log (RocksDB), fsync per commit, batches of 10\n");
  std::vector<Envelope> few(envelopes.begin(), envelopes.begin() + std::min(events, 5000));
  std::vector<std::string> few_values(values.begin(), values.begin() + std::min(events, 5000));
  Figures append_sync = Best(rounds, [&] { return EmbeddedAppend(few, 10, true); });
  Figures raw_sync = Best(rounds, [&] { return RawRocksAppend(few_values, 10, true); });
  Print("EmbeddedLog append (sync)", append_sync);
  Print("raw RocksDB WriteBatch put (sync)", raw_sync);
  Ratio("append / raw (sync)", append_sync, raw_sync, 0.5);
  std::printf("\nembedded log replay (Read 1000 at a time)\n");
  Figures replay = Best(rounds, [&] { return EmbeddedReplay(envelopes, false); });
  Figures replay_parse = Best(rounds, [&] { return EmbeddedReplay(envelopes, true); });
  Print("EmbeddedLog replay", replay);
  Print("EmbeddedLog replay + Envelope parse", replay_parse);
  std::printf("  %-44s %s\n", "replay >= 1,000,000 events/s",
              replay.events_per_second() >= 1e6 ? "met" : "MISSED");

  std::printf(
      "\nKafka (librdkafka mock cluster, 3 brokers; topics of one partition, 20k events each)\n");
  int kafka_events = std::min(events, 100000);
  std::vector<Envelope> kafka_envelopes(envelopes.begin(), envelopes.begin() + kafka_events);
  std::vector<std::string> kafka_values(values.begin(), values.begin() + kafka_events);
  auto cluster = *KafkaMockCluster::Start(3);
  int topic_number = 0;
  auto fresh_topic = [&] {
    std::string topic = "bench" + std::to_string(++topic_number);
    if (!cluster->CreateTopic(topic, 1).ok()) std::abort();
    return topic;
  };
  Figures kafka = Best(rounds, [&] {
    return KafkaAppend(cluster->bootstrap(), fresh_topic, kafka_envelopes, batch);
  });
  Figures raw_kafka = Best(
      rounds, [&] { return RawKafkaProduce(cluster->bootstrap(), fresh_topic, kafka_values); });
  Print("KafkaLog append (batch markers)", kafka);
  Print("raw librdkafka produce, same bytes", raw_kafka);
  Ratio("append / raw", kafka, raw_kafka, 0.7);
  // Small batches (one command's events) pay two acknowledged round trips each.
  std::vector<Envelope> small(kafka_envelopes.begin(), kafka_envelopes.begin() + kafka_events / 10);
  Figures kafka_small =
      Best(rounds, [&] { return KafkaAppend(cluster->bootstrap(), fresh_topic, small, 10); });
  Print("KafkaLog append, batches of 10 (latency-bound)", kafka_small);
  RatioInfo("append (batches of 10) / raw", kafka_small, raw_kafka,
            "two acknowledged round trips per batch");
  PrintLoad("at end");
  return 0;
}
