#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every screenshot the metainfo names must be a real PNG in data/screenshots/, so the
published URL (which mirrors that folder) cannot point at nothing."""
import struct
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

metainfo, folder = Path(sys.argv[1]), Path(sys.argv[2])
images = [e.text.strip() for e in ET.parse(metainfo).getroot().iter("image")]
if not images:
    sys.exit(f"{metainfo}: no screenshots")
failed = False
for url in images:
    if not url.startswith("https://"):
        print(f"not https: {url}")
        failed = True
        continue
    path = folder / url.rsplit("/", 1)[-1]
    if not path.is_file():
        print(f"missing: {path} (for {url})")
        failed = True
        continue
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        print(f"not a PNG: {path}")
        failed = True
        continue
    width, height = struct.unpack(">II", head[16:24])
    if width < 620 or height < 350:
        print(f"too small for a software centre ({width}x{height}): {path}")
        failed = True
    else:
        print(f"ok: {path.name} {width}x{height}")
sys.exit(1 if failed else 0)
