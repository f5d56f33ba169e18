#!/usr/bin/env python3
"""Seeds corpus/ with every event of the committed binlog fixtures, one file per event."""
import os, struct, glob
here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "corpus"); os.makedirs(out, exist_ok=True)
for path in sorted(glob.glob(os.path.join(here, "..", "Tests", "MySQLBinlogTests", "Fixtures", "*.bin"))):
    data = open(path, "rb").read()[4:]
    name = os.path.basename(path)[:-4]
    pos = n = 0
    while pos + 19 <= len(data):
        size = struct.unpack_from("<I", data, pos + 9)[0]
        if size < 19: break
        open(os.path.join(out, f"{name}-{n:03d}"), "wb").write(data[pos:pos + size])
        pos += size; n += 1
print(len(os.listdir(out)), "corpus files")
