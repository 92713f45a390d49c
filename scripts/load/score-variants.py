#!/usr/bin/env python3
"""Answers documents for the score route's load runs, one per line (JSON Lines).

    scripts/load/score-variants.py FIXTURE COUNT > bodies.jsonl

Each line is FIXTURE (an answers document) written compactly, with its answers' codes shuffled
among its questions (a seeded generator: the same lines on every run): as many yes, partial,
no and unsure as FIXTURE has, so reports of about its size, but each its own. Answers
`not_applicable` keep their code and justification. So the documents answer the same questions
alike, as one program's documents do."""
import json
import random
import sys

fixture, count = sys.argv[1], int(sys.argv[2])
doc = json.load(open(fixture))
answers = [a for a in doc["answers"].values() if a["value"] != "not_applicable"]
codes = [a["value"] for a in answers]
for i in range(count):
    random.Random(i).shuffle(codes)
    for answer, code in zip(answers, codes):
        answer["value"] = code
    print(json.dumps(doc, separators=(",", ":")))
