"""The demo schools' evidence (tài liệu kiểm chứng) for their PAR year, and the office's final appraisal of two.

Evidence files are made here, the same bytes at every build: a one-page PDF for a document
(its lines in the PDF's standard Helvetica, which has no Vietnamese letters: written
without marks; its title in full) and a small PNG for a picture (a notice board with its
sheets, or the school's web page). A few schools attach a few of them to the
criteria, or fields, they scored: one row they left unexplained is backed, the others
they left unexplained keep the warning. The office then appraises two schools' year
(a couple of items lowered with a reason, one bonus line) and makes it final.

    data/demo/evidence/<unit>/<file>     the files
    data/demo/evidence/manifest.csv      file, name (as attached), unit, year, field, criterion: where each goes
    data/demo/appraisals.csv             unit, year, item, points, reason: the final appraisals
"""

from __future__ import annotations

import csv
import random
import struct
import unicodedata
import zlib
from collections.abc import Iterable
from pathlib import Path

from core.frameworks import framework_for
from demo.generator import PARENT, PLACE, ReportData, ScoreLine, abbreviation, explanation

EVIDENCE_FIELDS = ("file", "name", "unit", "year", "field", "criterion")
APPRAISAL_FIELDS = ("unit", "year", "item", "points", "reason")
FIELD_SCHOOLS = 3  # schools scoring whole fields that attach evidence too (besides those scoring by criteria)
EXPLAINED_TARGETS = 2  # explained rows each evidence school backs with a file, besides one unexplained row
PICTURE_WORDS = ("hinh anh", "anh chup")  # an item whose evidence is a picture: a PNG, else a PDF
BONUS = ("THUONG", 1.0, "Mô hình “Một cửa thân thiện” được UBND phường công nhận")
# Why the council gives fewer points than the school did, by field.
REASONS = {
    "CDDH": "Báo cáo quý gửi chậm so với thời hạn",
    "THECHE": "Chưa có văn bản rà soát quy chế trong năm",
    "TTHC": "Còn hồ sơ giải quyết trễ hạn trong năm",
    "BOMAY": "Quyết định phân công chưa cập nhật theo năm học mới",
    "CONGVU": "Chưa đủ minh chứng đánh giá, xếp loại viên chức",
    "TAICHINH": "Công khai tài chính chưa đủ nội dung theo quy định",
    "CDS": "Tỷ lệ văn bản ký số chưa đạt yêu cầu",
    "TACDONG": "Số phiếu khảo sát chưa đủ theo hướng dẫn",
}
UNSUPPORTED_REASON = "Không có tài liệu kiểm chứng, không có giải trình: tính một nửa số điểm"


# ---------------------------------------------------------------- the files


def plain(text: str) -> str:
    """Vietnamese without its marks (đ → d), for the PDF's Helvetica."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return kept.replace("“", '"').replace("”", '"').replace("–", "-")


def _pdf_text(text: str) -> str:
    return plain(text).encode("ascii", "replace").decode().replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_document(lines: Iterable[tuple[str, bool]], title: str) -> bytes:
    """A valid one-page A4 PDF: each (text, bold) line below the one before; `title` (in full, UTF-16) in its
    properties."""
    commands = ["BT", "14 TL", "56 780 Td"]
    for text, bold in lines:
        commands += [f"/{'F2' if bold else 'F1'} 11 Tf", f"({_pdf_text(text)}) Tj", "T*"]
    commands.append("ET")
    stream = "\n".join(commands).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >>"
        b" /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Title <%s> /Producer (CCHC demo) >>" % ("\ufeff" + title).encode("utf-16-be").hex().upper().encode(),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 7 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start)
    return bytes(out)


# The pictures' palette (4 bits a pixel) and size.
_PALETTE = (
    (236, 230, 214),  # 0 wall
    (110, 72, 40),  # 1 frame
    (196, 160, 110),  # 2 cork
    (250, 250, 246),  # 3 paper
    (128, 128, 128),  # 4 printed line
    (196, 40, 40),  # 5 red: the national header, a window's close button
    (40, 80, 160),  # 6 blue: the board's title band, the site's banner
    (150, 118, 78),  # 7 a sheet's shadow
    (214, 204, 184),  # 8 skirting
    (200, 200, 204),  # 9 a window's bar
    (120, 170, 110),  # 10 a photo's green
)
_WIDTH, _HEIGHT = 200, 120
Pixels = list[list[int]]


def png_picture(seed: str, screen: bool = False) -> bytes:
    """A small PNG laid out by `seed`: a notice board with sheets pinned on it, or (`screen`) a screenshot of the
    school's web page. Stored (level 0) deflate: the bytes do not depend on the zlib the build runs with."""
    rng = random.Random(seed)
    pixels = [[0] * _WIDTH for _ in range(_HEIGHT)]
    (_web_page if screen else _notice_board)(pixels, rng)
    rows = b"".join(b"\x00" + bytes((row[x] << 4) | row[x + 1] for x in range(0, _WIDTH, 2)) for row in pixels)
    header = struct.pack(">IIBBBBB", _WIDTH, _HEIGHT, 4, 3, 0, 0, 0)
    palette = b"".join(bytes(colour) for colour in _PALETTE)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"PLTE", palette) + \
        _chunk(b"IDAT", zlib.compress(rows, 0)) + _chunk(b"IEND", b"")  # fmt: skip


def _box(pixels: Pixels, left: int, top: int, right: int, bottom: int, colour: int) -> None:
    left, right = max(0, left), min(_WIDTH, right)
    for y in range(max(0, top), min(_HEIGHT, bottom)):
        pixels[y][left:right] = [colour] * (right - left)


def _lines(pixels: Pixels, rng: random.Random, left: int, top: int, right: int, bottom: int) -> None:
    for y in range(top, bottom, 4):
        _box(pixels, left, y, right - rng.randint(0, 10), y + 1, 4)


def _notice_board(pixels: Pixels, rng: random.Random) -> None:
    _box(pixels, 0, 104, _WIDTH, _HEIGHT, 8)
    _box(pixels, 14, 8, 186, 98, 1)
    _box(pixels, 18, 12, 182, 94, 2)
    _box(pixels, 18, 12, 182, 22, 6)
    left = 24
    while left < 160:
        top = rng.randint(26, 34)
        right, bottom = min(176, left + rng.randint(26, 38)), min(90, top + rng.randint(46, 58))
        _box(pixels, left + 2, top + 2, right + 2, bottom + 2, 7)
        _box(pixels, left, top, right, bottom, 3)
        _box(pixels, left + 3, top + 3, right - 3, top + 5, 5)
        _lines(pixels, rng, left + 3, top + 9, right - 3, bottom - 4)
        left = right + rng.randint(5, 10)


def _web_page(pixels: Pixels, rng: random.Random) -> None:
    _box(pixels, 0, 0, _WIDTH, _HEIGHT, 3)
    _box(pixels, 0, 0, _WIDTH, 10, 9)
    _box(pixels, 190, 3, 196, 7, 5)
    _box(pixels, 0, 10, _WIDTH, 30, 6)
    _box(pixels, 8, 15, 40, 25, 3)
    for column in range(3):
        left = 8 + 64 * column
        photo = rng.randint(18, 28)
        _box(pixels, left, 36, left + 56, 36 + photo, 10)
        _lines(pixels, rng, left, 40 + photo, left + 56, 112)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


# ---------------------------------------------------------------- who attaches what


def evidence_schools(reports: dict[str, ReportData], criteria: list[str], seed: int) -> list[str]:
    """The schools scoring by criteria, and FIELD_SCHOOLS of the others, drawn."""
    others = sorted(code for code in reports if code not in criteria)
    drawn = random.Random(f"{seed}:evidence").sample(others, min(FIELD_SCHOOLS, len(others)))
    return [*sorted(c for c in criteria if c in reports), *sorted(drawn)]


def _targets(data: ReportData, seed: int) -> list[ScoreLine]:
    """The rows a school backs with a file: one it left unexplained (when it has one), a few it explained,
    a picture among them where one of those is backed by a picture."""
    rng = random.Random(f"{seed}:evidence:{data.unit['ma_don_vi']}")
    scored = [line for line in data.scores if line.self_points > 0]
    bare = [line for line in scored if not explanation(data, line)]
    explained = [line for line in scored if explanation(data, line)]
    pictures = [line for line in explained if _is_picture(_document(data, line))]
    backed = rng.sample(pictures, min(1, len(pictures)))
    others = [line for line in explained if line not in backed]
    backed += rng.sample(others, min(EXPLAINED_TARGETS - len(backed), len(others)))
    return sorted(rng.sample(bare, min(1, len(bare))) + backed, key=data.scores.index)


def _is_picture(document: str) -> bool:
    return any(word in plain(document).lower() for word in PICTURE_WORDS)


def build_evidence(out_dir: Path, reports: dict[str, ReportData], criteria: list[str], seed: int) -> list[dict]:
    """Write the evidence files of the year's reports' schools into `out_dir`; the manifest rows.

    On disk a file is `<unit>/<item>.pdf` (or .png); `name` is the name it is attached under, as the school named it.
    """
    rows = []
    for code in evidence_schools(reports, criteria, seed):
        data = reports[code]
        (out_dir / code).mkdir(parents=True, exist_ok=True)
        for line in _targets(data, seed):
            item = line.criterion or line.field
            document = _document(data, line)
            picture = _is_picture(document)
            screen = "trang thong tin" in plain(document).lower()
            content = png_picture(f"{seed}:{code}:{item}", screen) if picture else \
                pdf_document(_letter(data, line, document), document)  # fmt: skip
            file = f"{code}/{item}.{'png' if picture else 'pdf'}"
            (out_dir / file).write_bytes(content)
            name = document.split(",")[0].replace("/", "-") + (".png" if picture else ".pdf")
            rows.append({"file": file, "name": name, "unit": code, "year": str(data.period.year),
                         "field": "" if line.criterion else line.field, "criterion": line.criterion or ""})  # fmt: skip
    return rows


def _document(data: ReportData, line: ScoreLine) -> str:
    """What backs a row: what the framework expects of a criterion; for a whole field, the product of one of the
    field's tasks the report gives as done (`Biên bản họp số 45/BB-THKĐ`), else what the field's first criterion
    expects."""
    framework = framework_for(data.period.year)
    if line.criterion:
        item = framework[line.criterion]
        return item.evidence or item.name
    products = [task.evidence for task in data.tasks if task.field == line.field and task.evidence]
    first = framework.scored(line.field)[0]
    return products[0] if products else (first.evidence or first.name)


def _letter(data: ReportData, line: ScoreLine, wanted: str) -> list[tuple[str, bool]]:
    """The lines of a school's evidence document, as its letters are laid out."""
    item = line.criterion or line.field
    day, abbr = data.prepared_on, abbreviation(data.unit["ten_don_vi"])
    return [
        (PARENT, False),
        (data.unit["ten_don_vi"].upper(), True),
        (f"So: {data.number + 3}/BC-{abbr}", False),
        (f"{PLACE}, ngay {day.day:02d} thang {day.month:02d} nam {day.year}", False),
        ("", False),
        (wanted.upper(), True),
        (f"Tai lieu kiem chung Chi so CCHC nam {data.period.year}, {item}", False),
        (f"Diem tu danh gia: {line.self_points:g}/{line.max_points:g}".replace(".", ","), False),
        ("", False),
        ("HIEU TRUONG", True),
        (data.principal, False),
    ]


# ---------------------------------------------------------------- the office's final appraisals


def appraisals(reports: dict[str, ReportData], evidence: list[dict], criteria: list[str], seed: int) -> list[dict]:
    """Two schools' year appraised: one scoring by criteria (with the bonus line), one scoring fields.

    Each has a row with neither evidence nor explanation given half its points where it has one,
    and one more item lowered by half a point or a point, each with its reason.
    """
    rng = random.Random(f"{seed}:appraisal")
    schools = sorted({row["unit"] for row in evidence})
    by_criteria = [code for code in schools if code in criteria]
    by_field = [code for code in schools if code not in criteria]
    rows = []
    for code in (rng.choice(by_criteria), rng.choice(by_field)):
        data = reports[code]
        backed = {row["criterion"] or row["field"] for row in evidence if row["unit"] == code}
        scored = [line for line in data.scores if line.self_points >= 1]
        bare = [line for line in scored if not explanation(data, line) and (line.criterion or line.field) not in backed]
        cut = rng.sample(bare, min(1, len(bare)))
        rest = [line for line in scored if line not in cut]
        for line in sorted(cut + rng.sample(rest, 2 - len(cut)), key=data.scores.index):
            points = round(line.self_points * 2) / 4 if line in cut else line.self_points - rng.choice((0.5, 1.0))
            reason = UNSUPPORTED_REASON if line in cut else REASONS[line.field]
            rows.append({"unit": code, "year": str(data.period.year), "item": line.criterion or line.field,
                         "points": f"{points:g}", "reason": reason})  # fmt: skip
        if code in criteria:
            item, points, reason = BONUS
            rows.append({"unit": code, "year": str(data.period.year), "item": item, "points": f"{points:g}",
                         "reason": reason})  # fmt: skip
    return rows


def write_rows(path: Path, fields: tuple[str, ...], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
