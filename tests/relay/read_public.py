#!/usr/bin/python3
"""An outside consumer of a public topic, written as one would be: Debian's
python3-confluent-kafka, reading committed records only, no tertial code.

    read_public.py BOOTSTRAP TOPIC

Reads every partition of TOPIC from its beginning to its end with
isolation.level=read_committed, partition 0 first, and prints each record's value (one
CloudEvent per line) in that order. Checks what docs/events.md says a consumer may rely on
and exits 1 naming each breach: the header tertial-source-partition is the record's own
partition, tertial-source-offset increases strictly within a partition (source order, no
repeat), tertial-source-batch never decreases, and no event id appears twice in the topic.
Writes a summary line to stderr.
"""
import json
import sys

from confluent_kafka import Consumer, KafkaError, TopicPartition


def header(record, name):
    for key, value in record.headers() or []:
        if key == name:
            return int(value.decode("ascii"))
    return None


def main(bootstrap, topic):
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": "tertial-read-public-test",
        "isolation.level": "read_committed",
        "enable.auto.commit": False,
        "enable.partition.eof": True,
        "auto.offset.reset": "earliest",
    })
    metadata = consumer.list_topics(topic, timeout=15)
    partitions = sorted(metadata.topics[topic].partitions)
    problems = []
    seen = set()
    out = sys.stdout
    count = 0
    for partition in partitions:
        consumer.assign([TopicPartition(topic, partition, 0)])
        last_offset = -1
        last_batch = -1
        while True:
            record = consumer.poll(15)
            if record is None:
                problems.append(f"{topic}/{partition}: no end of partition within 15 s")
                break
            if record.error():
                if record.error().code() == KafkaError._PARTITION_EOF:
                    break
                problems.append(f"{topic}/{partition}: {record.error()}")
                break
            where = f"{topic}/{partition}@{record.offset()}"
            event = json.loads(record.value())
            if event["id"] in seen:
                problems.append(f"{where}: event {event['id']} seen before")
            seen.add(event["id"])
            if header(record, "tertial-source-partition") != partition:
                problems.append(f"{where}: tertial-source-partition is not {partition}")
            offset = header(record, "tertial-source-offset")
            if offset is None or offset <= last_offset:
                problems.append(f"{where}: tertial-source-offset {offset} after {last_offset}")
            batch = header(record, "tertial-source-batch")
            if batch is None or batch < last_batch:
                problems.append(f"{where}: tertial-source-batch {batch} after {last_batch}")
            last_offset, last_batch = offset if offset is not None else last_offset, batch or 0
            out.write(record.value().decode("utf-8") + "\n")
            count += 1
    consumer.close()
    print(f"read {count} committed events of {topic} from {len(partitions)} partitions",
          file=sys.stderr)
    for problem in problems[:20]:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
