#!/usr/bin/python3
"""An outside consumer of tertial's public events, written as one would be: only Python's
json and the jsonschema package (Debian's python3-jsonschema), no tertial code.

    check_events.py SCHEMA_DIR EVENTS.jsonl

Reads catalogue.json and every schema it names from SCHEMA_DIR (what `tertial log schema`
writes), checks each schema against the JSON Schema 2020-12 metaschema, then validates
every line of EVENTS.jsonl (what `tertial log events` prints) against the schema of its
"type". To show that the schemas can refuse, the first event of each type is also altered
in three ways (a field data does not have, a number where a 64-bit integer's string goes or
a string where an object goes, a missing required attribute), and each altered copy must be
refused. Prints one summary line; exits 1 naming each problem.
"""
import copy
import json
import sys

from jsonschema import Draft202012Validator


def main(schema_dir, events_path):
    problems = []
    with open(f"{schema_dir}/catalogue.json", encoding="utf-8") as f:
        catalogue = json.load(f)
    validators = {}
    for topic in catalogue["topics"]:
        for event in topic["events"]:
            with open(f"{schema_dir}/{event['schema']}", encoding="utf-8") as f:
                schema = json.load(f)
            Draft202012Validator.check_schema(schema)
            validators[event["type"]] = Draft202012Validator(schema)

    counts = {}
    first = {}
    with open(events_path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            event = json.loads(line)
            validator = validators.get(event.get("type"))
            if validator is None:
                problems.append(f"line {number}: type {event.get('type')!r} is not in the catalogue")
                continue
            for error in validator.iter_errors(event):
                problems.append(f"line {number} ({event['type']}): {error.message} at "
                                f"{'/'.join(str(p) for p in error.absolute_path)}")
            counts[event["type"]] = counts.get(event["type"], 0) + 1
            first.setdefault(event["type"], event)

    refused = 0
    for event_type, event in first.items():
        validator = validators[event_type]
        altered = []
        extra = copy.deepcopy(event)
        extra["data"]["no_such_field"] = 1
        altered.append(("a field data does not have", extra))
        wrong = copy.deepcopy(event)
        wrong["data"] = "not an object"
        altered.append(("a string for data", wrong))
        missing = copy.deepcopy(event)
        del missing["id"]
        altered.append(("no id", missing))
        for what, candidate in altered:
            if validator.is_valid(candidate):
                problems.append(f"{event_type}: the schema accepts an event with {what}")
            else:
                refused += 1

    for problem in problems[:50]:
        print(problem, file=sys.stderr)
    total = sum(counts.values())
    print(f"validated {total} events of {len(counts)} types against {len(validators)} schemas; "
          f"{refused} altered events refused; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
