"""Hostile files end to end: each refused quickly, with little memory, the database unchanged.

    python benchmarks/hostile.py

Builds a zip bomb (1 GiB of zeros declared honestly), a bomb that lies about its
unpacked size, an XML entity bomb, an encrypted workbook and a truncated one, and
takes the crafted workbooks of tests/data/hostile (far cells written every way a
reader accepts, DTDs after comments); runs
`cli.py ingest FILE --json` on each in its own process and prints the wall time,
the peak memory, the answer and whether any report was stored. Not part of the tests.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import struct
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.ingest import measure  # noqa: E402
from tests.workbook_factory import REGISTRY, valid_sheets, workbook_bytes, workbook_parts, zipped  # noqa: E402

SECOND_TARGET = 1.0
HOSTILE = ROOT / "tests" / "data" / "hostile"


def zip_bomb() -> bytes:
    """1 GiB of zeros in one member, streamed so that building it needs little memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in workbook_parts().items():
            if name != "xl/worksheets/sheet2.xml":
                archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet2.xml", "w", force_zip64=True) as member:
            block = b"0" * (1 << 20)
            for _ in range(1024):
                member.write(block)
    return buffer.getvalue()


def lying_bomb() -> bytes:
    """300 MB of spaces in a sheet whose zip entries claim 5,000 bytes."""
    members = workbook_parts()
    name = "xl/worksheets/sheet2.xml"
    members[name] = members[name].replace(b"<sheetData>", b"<sheetData>" + b" " * 300_000_000, 1)
    raw = bytearray(zipped(members))
    info = zipfile.ZipFile(io.BytesIO(bytes(raw))).getinfo(name)
    raw[info.header_offset + 22 : info.header_offset + 26] = struct.pack("<I", 5000)
    central = raw.find(b"PK\x01\x02")
    while central != -1:
        length = struct.unpack("<H", raw[central + 28 : central + 30])[0]
        if raw[central + 46 : central + 46 + length] == name.encode():
            raw[central + 24 : central + 28] = struct.pack("<I", 5000)
        central = raw.find(b"PK\x01\x02", central + 4)
    return bytes(raw)


def entity_bomb() -> bytes:
    members = workbook_parts()
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10 if i else "ha"}">' for i in range(10))
    members["xl/sharedStrings.xml"] = (
        f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&e9;</t></si></sst>'
    ).encode()
    return zipped(members)


def encrypted() -> bytes:
    """What Excel writes for a password-protected .xlsx: an OLE2 container with an EncryptedPackage."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    directory = "EncryptedPackage".encode("utf-16-le") + b"\0" * 94 + "EncryptionInfo".encode("utf-16-le")
    return header + directory + os.urandom(200_000)


def truncated() -> bytes:
    whole = workbook_bytes(valid_sheets())
    return whole[: len(whole) * 2 // 3]


def stored_reports(database: Path) -> int:
    with sqlite3.connect(database) as conn:
        return conn.execute("SELECT count(*) FROM submissions").fetchone()[0]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        database = scratch / "hostile.sqlite3"
        env = {**os.environ, "CCHC_DATABASE_URL": f"sqlite:///{database}", "PYTHONPATH": str(ROOT)}
        units = scratch / "units.csv"
        units.write_text(
            "ma_don_vi,ten_don_vi,cap_hoc,phuong\n"
            + "".join(f"{code},{name},Tiểu học,KV1\n" for code, name in REGISTRY.items()),
            encoding="utf-8",
        )
        measure([sys.executable, str(ROOT / "cli.py"), "units", "import", str(units)], env, scratch)
        cases = {
            "zip bomb (1 GiB declared)": ("bomb.xlsx", zip_bomb),
            "zip bomb lying about sizes": ("liar.xlsx", lying_bomb),
            "XML entity bomb": ("entities.xlsx", entity_bomb),
            "encrypted workbook": ("locked.xlsx", encrypted),
            "truncated workbook": ("cut.xlsx", truncated),
        }
        for path in sorted(HOSTILE.glob("*.xlsx")):  # the crafted files of tests/data/hostile
            cases[path.stem] = (path.name, path.read_bytes)
        print(f"{'file':<32} {'bytes':>9} {'seconds':>8} {'peak MB':>8}  answer")
        worst = 0.0
        for label, (name, build) in cases.items():
            path = scratch / name
            path.write_bytes(build())
            result = measure([sys.executable, str(ROOT / "cli.py"), "ingest", str(path), "--json"], env, scratch)
            answer = json.loads(result.stdout)[0]
            codes = ",".join(p["code"] for p in answer["problems"])
            worst = max(worst, result.seconds)
            print(
                f"{label:<32} {path.stat().st_size:>9,} {result.seconds:>8.2f} {result.peak_mb:>8.1f}"
                f"  {answer['status']} ({codes})"
            )
        stored = stored_reports(database)
        verdict = "ok" if worst <= SECOND_TARGET and stored == 0 else "MISSED"
        print(f"slowest refusal {worst:.2f} s (target ≈ {SECOND_TARGET:.0f} s); reports stored: {stored}   {verdict}")


if __name__ == "__main__":
    main()
