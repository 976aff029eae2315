#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a source or UI file with translatable strings is missing from POTFILES.in,
or when POTFILES.in names a file that does not exist."""
import re
import sys
from pathlib import Path

top = Path(sys.argv[1])
potfiles = top / "po" / "POTFILES.in"
listed = set()
for line in potfiles.read_text(encoding="utf-8").splitlines():
    line = line.strip()
    if line and not line.startswith("#"):
        listed.add(line)

marker = re.compile(r'(?<![A-Za-z0-9_])(N?_|C_|NC_|g_dngettext|ngettext)\s*\(|translatable="yes"')
scanned_dirs = ["client", "common", "server", "discord-bot", "data"]
found = set()
for d in scanned_dirs:
    for path in sorted((top / d).rglob("*")):
        if path.suffix not in (".c", ".h", ".ui", ".in", ".xml") or not path.is_file():
            continue
        rel = path.relative_to(top).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix in (".c", ".h", ".ui") and marker.search(text):
            found.add(rel)
        elif rel.endswith((".desktop.in", ".metainfo.xml.in", ".gschema.xml")):
            found.add(rel)

status = 0
for rel in sorted(found - listed):
    print(f"missing from po/POTFILES.in: {rel}")
    status = 1
for rel in sorted(listed):
    if not (top / rel).is_file():
        print(f"po/POTFILES.in names a file that does not exist: {rel}")
        status = 1
if status == 0:
    print(f"{len(listed)} files listed, all translatable files covered")
sys.exit(status)
