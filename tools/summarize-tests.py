#!/usr/bin/env python3
"""Counts test cases from meson's testlog.json: each TAP subtest is one case; a program
that crashed or failed without TAP lines counts as one failed case."""
import json
import re
import sys

passed = failed = 0
failures = []
with open(sys.argv[1]) as log:
    for line in log:
        entry = json.loads(line)
        out = entry.get("stdout") or ""
        oks = len(re.findall(r"^ok \d+", out, re.M))
        not_oks = re.findall(r"^not ok \d+.*$", out, re.M)
        skipped = len(re.findall(r"^ok \d+ .*# SKIP", out, re.M))
        passed += oks - skipped
        failed += len(not_oks)
        failures += ["%s: %s" % (entry["name"], n) for n in not_oks]
        ok_result = entry["result"] in ("OK", "EXPECTEDFAIL", "SKIP")
        if not ok_result and not not_oks:
            failed += 1
            failures.append("%s: %s" % (entry["name"], entry["result"]))
        elif oks == 0 and not not_oks and ok_result and entry["result"] == "OK":
            passed += 1
for f in failures:
    print("FAILED", f)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
