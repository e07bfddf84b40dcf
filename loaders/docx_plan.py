"""A plan written in Word (.docx), read into proposed `KeHoach` rows: a proposal, never stored here.

Two layouts are read, in the document's order:
- task tables: a header row holding a task column (Nội dung, Nhiệm vụ, Nội dung công việc) and a deadline
  column (Thời gian, Thời hạn, Thời gian thực hiện, Thời gian hoàn thành), optionally who, product and field;
  one row per task, a merged cell read once (python-docx repeats a merged cell: it is known by its `_tc`);
  a row spanning the table, or with nothing but its text, is a heading; a header over two rows (`Thời gian`
  above `Bắt đầu | Kết thúc`) takes its end column, and a row numbering the columns (`(1)`, `(2)`…) is skipped;
- numbered paragraphs (`1.`, `1.1.`, `a)`, `-`, or Word's own numbering) under a section whose heading names
  tasks (NHIỆM VỤ, NỘI DUNG, GIẢI PHÁP…): the deepest items are the tasks, their parents headings; the deadline
  is cut from the task's sentence (core.deadlines.find_deadline) or read from a following line
  `Thời gian thực hiện: …` (set with a dash or not; a value read as no deadline is kept as written). A sentence
  of two tasks each with its deadline (`…trước ngày 23/6/2023, báo cáo năm trước ngày 15/11/2023`) is split.
  A task section without any numbered item proposes each of its paragraphs, but one pointing to the annex;
  under TỔ CHỨC THỰC HIỆN only a paragraph holding a deadline is a task.

The PAR field is proposed from the nearest heading naming a field (its catalog name, or a few words of the
field), else from the task's own words, else left empty. The file is screened first with the workbooks'
unpacking limits (loaders.guard.screen_word); macros are never run and external links never followed
(python-docx reads the package's own parts only, and lxml resolves no entity).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import asdict, dataclass, field, replace
from datetime import date

from core.catalogs import Catalogs, default_catalogs
from core.deadlines import Deadline, find_deadline, read_deadline
from core.settings import UploadLimits
from core.text import clean_text, fold_key, strip_marks
from i18n.messages import term
from loaders.guard import Refused, screen_word
from loaders.problems import WARNING, Problem, problem

RECURRING = "recurring"

# Header spellings, folded by fold_key (no case, marks, spaces or punctuation).
_TASK = ("noidung", "nhiemvu", "noidungcongviec", "noidungnhiemvu", "congviec", "nhiemvucuthe", "noidungthuchien")
_DEADLINE = (
    "thoigian", "thoihan", "thoigianthuchien", "thoigianhoanthanh", "thoihanhoanthanh", "tiendo", "tiendothuchien",
)  # fmt: skip
_WHO = (
    "donvinguoithuchien", "chutri", "bophanthuchien", "nguoithuchien", "donvithuchien", "donvichutri",
    "nguoiphutrach", "phancong", "bophanchutri", "chutrithuchien", "nguoichutri",
)  # fmt: skip
_PRODUCT = ("sanpham", "ketqua", "sanphamdaura", "ketquadukien", "sanphamdukien")
_FIELD = ("linhvuc", "linhvuccchc")
# Under a deadline header spanning two columns, the one that ends (`Bắt đầu | Kết thúc`, `Từ ngày | Đến ngày`).
_END = ("ketthuc", "ngayketthuc", "thoigianketthuc", "denngay", "den", "hoanthanh", "ngayhoanthanh")
_ROLES = (("content", _TASK), ("deadline", _DEADLINE), ("who", _WHO), ("product", _PRODUCT), ("field", _FIELD))

# Numbering written as text, on the paragraph's start.
_ROMAN = re.compile(r"^(?P<n>[IVX]{1,5})\s*[.)/]\s*(?P<rest>.*)$")
_DECIMAL = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2})*)[.)]\s*(?P<rest>\D.*)$")
_NESTED = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2})+)\s+(?P<rest>\D.*)$")  # `1.1 Xây dựng…` without the last dot
_LETTER = re.compile(r"^(?:[-–]\s*)?(?P<n>[a-z\u0111])\s*\)\s*(?P<rest>.*)$")  # a), b), đ)
_BULLET = re.compile(r"^(?P<n>[-–—•*+])\s*(?P<rest>\S.*)$")
# A row of column numbers under a table's header (`(1)`, `(2)`…, as official tables number their columns).
_COLUMN_NUMBER = re.compile(r"\(?[0-9A-Z]{1,2}\)?")
# A paragraph sending the reader to the annex for its tasks (`Các nhiệm vụ cụ thể tại Phụ lục kèm theo`), folded.
_ANNEX = re.compile(r"(?<![a-z])(?:tai|theo|o)\s+(?:cac\s+)?phu\s*luc|phu\s*luc\s*(?:\S+\s+)?(?:kem\s*theo|dinh\s*kem)")
_ANNEX_TASKS = ("nhiem vu", "noi dung", "cong viec")
# Section headings that name tasks (folded), and those that do not even so.
_TASK_SECTION = ("nhiem vu", "noi dung", "giai phap", "cong viec", "hoat dong")
_NOT_TASKS = ("da thuc hien", "muc dich", "muc tieu", "yeu cau", "ket qua dat", "han che", "danh gia")
_ORGANISING = "to chuc thuc hien"
_CLOSING = ("noi nhan", "tren day la")  # the plan's end: recipients and signature follow
# A line after a task that says its deadline, who does it or its product.
_LABEL = re.compile(
    r"^(?P<label>thoi\s*gian(?:\s*(?:thuc\s*hien|hoan\s*thanh))?|thoi\s*han(?:\s*hoan\s*thanh)?|tien\s*do"
    r"|(?:don\s*vi|nguoi|bo\s*phan)\s*(?:thuc\s*hien|chu\s*tri|phu\s*trach)|chu\s*tri|san\s*pham|ket\s*qua(?:\s*du\s*kien)?)"
    r"\s*[:\-–]\s*"
)
_DEADLINE_LABEL = re.compile(r"^(?:thoi|tien)")
_WHO_LABEL = re.compile(r"^(?:don|nguoi|bo|chu)")
# The year in a title: `NĂM 2026`, not a date (`ngày 3 tháng 3 năm 2021`) nor a school year (`năm học`).
_DATE_IN_TEXT = re.compile(r"(?:ngay\s*\d{1,2}\s*)?thang\s*\d{1,2}\s*nam\s*\d{4}|giai\s*doan\s*\d{4}\s*[-–]\s*\d{4}")
_TITLE_YEAR = re.compile(r"(?<![a-z])nam\s+(?P<y>20\d{2})(?!\s*[-–]\s*\d)")
# The letterhead: `Số: 139/KH-THLQĐ` and `Nhà Bè, ngày 19 tháng 6 năm 2023` (folded; the number read as written).
_NUMBER = re.compile(r"^so\s*:?\s*(?P<n>\d+\s*/\s*[^\s,;]+)")
_DATED = re.compile(r"ngay\s*(?P<d>\d{1,2})\s*thang\s*(?P<m>\d{1,2})\s*nam\s*(?P<y>\d{4})")

# Words that name a PAR field beyond its catalog name (folded), as plans write them.
_FIELD_WORDS: dict[str, tuple[str, ...]] = {
    "CDDH": ("chi dao", "dieu hanh", "tuyen truyen", "kiem tra cai cach", "ke hoach cai cach", "bao cao dinh ky"),
    "THECHE": ("the che", "van ban quy pham", "quy che", "phap che"),
    "TTHC": ("thu tuc hanh chinh", "tthc", "mot cua", "dich vu cong", "phan anh, kien nghi", "phan anh kien nghi"),
    "BOMAY": ("to chuc bo may", "bo may", "vi tri viec lam", "sap xep"),
    "CONGVU": ("che do cong vu", "cong vu", "tuyen dung", "boi duong", "tap huan", "ky luat, ky cuong"),
    "TAICHINH": ("tai chinh cong", "tai chinh", "tu chu", "ngan sach", "tai san cong", "hoc phi", "tien mat"),
    "CDS": (
        "chinh quyen dien tu",
        "chuyen doi so",
        "cong nghe thong tin",
        "thu dien tu",
        "so hoa",
        "truc tuyen",
        "website",
        "trang thong tin dien tu",
        "phan mem",
        "ung dung",
    ),
    "TACDONG": ("su hai long", "hai long", "tac dong", "sipas", "par index", "chi so cai cach"),
}


@dataclass(frozen=True)
class ProposedTask:
    field: str | None  # a PAR field code, or None for the person to choose
    content: str
    who: str | None
    deadline: str | None  # as written
    due: str | None  # ISO date, "recurring", or None when no deadline was read
    product: str | None

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)

    def as_plan_row(self) -> dict[str, str | None]:
        """The row for loaders.template.build_plan_template (column keys of KeHoach)."""
        return {k: getattr(self, k) for k in ("field", "content", "who", "deadline", "product")}


@dataclass
class Proposal:
    file_name: str
    year: int | None
    rows: list[ProposedTask] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    number: str | None = None  # Số kế hoạch, from the letterhead
    issued_on: date | None = None  # the letterhead's date

    @property
    def refused(self) -> bool:
        return any(p.is_error for p in self.problems)

    def as_json(self, lang: str | None = None) -> dict[str, object]:
        return {
            "file": self.file_name,
            "year": self.year,
            "number": self.number,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "rows": [row.as_dict() for row in self.rows],
            "problems": [p.as_dict(lang) for p in self.problems],
        }


def propose_plan(
    content: bytes,
    file_name: str,
    year: int | None = None,
    catalogs: Catalogs | None = None,
    limits: UploadLimits | None = None,
) -> Proposal:
    """The `KeHoach` rows a Word plan proposes; `year` (when given) wins over the year of its title."""
    try:
        screen_word(content, file_name, limits or UploadLimits.from_env())
        document = _open(content)
    except Refused as refused:
        return Proposal(file_name, year, problems=[refused.problem])
    blocks = list(_blocks(document))
    found_year = _title_year([text for kind, text, _ in blocks if kind == "p"])
    proposal = Proposal(file_name, year or found_year)
    if proposal.year is None:
        proposal.year = date.today().year
        proposal.problems.append(problem("docx-year-unknown", severity=WARNING, year=proposal.year))
    proposal.number, proposal.issued_on = _letterhead(document)
    reader = _Reader(proposal, _FieldGuess(catalogs or default_catalogs()))
    for kind, text, payload in blocks:
        if kind == "p":
            reader.paragraph(text, payload)
        else:
            reader.table(payload)
    reader.finish()
    if not proposal.rows and not proposal.refused:
        proposal.problems.append(problem("docx-no-tasks", severity=WARNING))
    return proposal


def _open(content: bytes):
    import docx  # python-docx loads on the first Word file, not with the loaders
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(content))
    except ValueError as error:  # a .docm, a template: another main part's content type
        raise Refused("not-word-document", detail=term("reason.docx-not-document")) from error
    except (PackageNotFoundError, KeyError, SyntaxError, AttributeError, TypeError) as error:
        raise Refused("corrupt", detail=term("reason.docx-unreadable")) from error  # lxml's errors are SyntaxErrors


def _blocks(document) -> Iterator[tuple[str, str, object]]:
    """("p", text, Word numbering level or None) and ("t", "", table), in the body's order."""
    from docx.table import Table

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            yield "t", "", block
        else:
            text = clean_text(block.text)
            if text:
                yield "p", text, _word_level(block)


def _word_level(paragraph) -> int | None:
    """The level of Word's own numbering or bullets (its text is not in the paragraph's), else None."""
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None:
        ilvl = ppr.numPr.ilvl
        return int(ilvl.val) if ilvl is not None and ilvl.val is not None else 0
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.startswith(("List Number", "List Bullet")):
        digits = re.findall(r"\d+", style)
        return int(digits[0]) - 1 if digits else 0
    return None


def _letterhead(document) -> tuple[str | None, date | None]:
    """The plan's number and date as the letterhead writes them (in its table or in paragraphs), before the title."""
    number, dated = None, None
    for text in _head_texts(document):
        folded = strip_marks(text)  # one letter for one letter: positions in `folded` are positions in `text`
        if number is None and (found := _NUMBER.match(folded)):
            number = re.sub(r"\s+", "", text[found.start("n") : found.end("n")])
        if dated is None and (found := _DATED.search(folded)):
            with suppress(ValueError):  # a day that is no day (31 tháng 2) is no date
                dated = date(int(found["y"]), int(found["m"]), int(found["d"]))
    return number, dated


def _head_texts(document, paragraphs: int = 12) -> Iterator[str]:
    """The texts at the top of the document: its first paragraphs and the cells of tables among them."""
    from docx.table import Table

    for n, block in enumerate(document.iter_inner_content()):
        if n >= paragraphs:
            return
        lines = (
            [p for row in block.rows for c in row.cells for p in c.paragraphs] if isinstance(block, Table) else [block]
        )
        for line in lines:
            text = clean_text(line.text)
            if text:
                yield text


def _title_year(paragraphs: list[str]) -> int | None:
    """The year the title names, looked for before the first section (`I. …`)."""
    for text in paragraphs:
        if _ROMAN.match(text):
            return None
        folded = _DATE_IN_TEXT.sub(" ", strip_marks(text))
        found = _TITLE_YEAR.search(folded)
        if found and "nam hoc" not in folded[max(found.start() - 4, 0) : found.end()]:
            return int(found["y"])
    return None


# ---------------------------------------------------------------- the PAR field


class _FieldGuess:
    def __init__(self, catalogs: Catalogs) -> None:
        self.catalogs = catalogs
        self.words: dict[str, tuple[str, ...]] = {}
        self.extra: dict[str, tuple[str, ...]] = {}
        for par in catalogs.par_fields:
            self.words[par.code] = tuple(w for w in (_name_words(part) for part in par.name.split(",")) if w)
            self.extra[par.code] = tuple(w for w in _FIELD_WORDS.get(par.code, ()) if w not in self.words[par.code])

    def resolve(self, text: str | None) -> str | None:
        return self.catalogs.par_fields.resolve(text) if text else None

    def of(self, text: str, words: dict[str, tuple[str, ...]]) -> str | None:
        """The one field whose `words` the text names most, or None (no word, or a tie)."""
        folded = f" {' '.join(re.findall(r'[0-9a-z]+', strip_marks(text)))} "
        scores = {c: sum(folded.count(f" {w} ") * len(w.split()) for w in found) for c, found in words.items()}
        best = max(scores.values(), default=0)
        winners = [c for c, s in scores.items() if s == best]
        return winners[0] if best and len(winners) == 1 else None

    def propose(self, headings: list[str], text: str) -> str | None:
        """A heading naming a field (its catalog name), else the task naming one; then the same by other words."""
        for heading in reversed(headings):
            if self.resolve(heading):
                return self.resolve(heading)
        for words in (self.words, self.extra):
            for source in (*reversed(headings), text):
                found = self.of(source, words)
                if found:
                    return found
        return None


def _name_words(part: str) -> str:
    words = " ".join(re.findall(r"[0-9a-z]+", strip_marks(part))).split()
    for lead in (("cong", "tac"), ("cai", "cach")):
        if tuple(words[:2]) == lead:
            words = words[2:]
    return " ".join(w for w in words if w != "cchc")


# ---------------------------------------------------------------- reading


@dataclass
class _Item:
    rank: tuple[int, int]
    text: str
    section: str  # "tasks", "organising" or "other"
    headings: list[str]
    deadline: tuple[Deadline | None, str] | None = None  # (deadline or None when unread, as written)
    who: str | None = None
    product: str | None = None
    children: int = 0


class _Reader:
    def __init__(self, proposal: Proposal, fields: _FieldGuess) -> None:
        self.proposal = proposal
        self.fields = fields
        self.year = proposal.year or date.today().year
        self.section = "other"
        self.section_title = ""
        self.stack: list[_Item] = []  # the open numbered items, outermost first
        self.section_items: list[_Item] = []  # every numbered item of the current section, in order
        self.loose: list[str] = []  # unnumbered paragraphs of the current section
        self.tables = 0
        self.seen_cells: list[object] = []  # task cells read (elements, compared by identity)

    # -- paragraphs

    def paragraph(self, text: str, word_level: int | None) -> None:
        if strip_marks(text).startswith(_CLOSING):
            self._close_section()
            self.section, self.section_title = "other", ""
            return
        roman = _ROMAN.match(text)
        if roman and word_level is None:
            self._close_section()
            self.section_title = roman["rest"]
            folded = strip_marks(roman["rest"])
            if _ORGANISING in folded:
                self.section = "organising"
            elif any(w in folded for w in _TASK_SECTION) and not any(w in folded for w in _NOT_TASKS):
                self.section = "tasks"
            else:
                self.section = "other"
            return
        if self._labelled_line(text):
            return
        rank, rest = _numbering(text, word_level)
        if rank is None:
            if not text.rstrip().endswith(":"):
                self.loose.append(text)
            return
        while self.stack and self.stack[-1].rank >= rank:
            self.stack.pop()
        if self.stack:
            self.stack[-1].children += 1
        headings = [self.section_title, *(item.text for item in self.stack)]
        item = _Item(rank, rest, self.section, headings)
        self.stack.append(item)
        self.section_items.append(item)

    def _labelled_line(self, text: str) -> bool:
        """`Thời gian thực hiện: Quý II/2026` (or who, or product) after a task: it belongs to that task."""
        if not self.section_items:
            return False
        text = re.sub(r"^[-–—•*+]\s*", "", text)  # `- Thời gian thực hiện: …`: a dash is how many plans set it
        folded = strip_marks(text)
        label = _LABEL.match(folded)
        if label is None:
            return False
        item, value = self.section_items[-1], clean_text(text[label.end() :]).rstrip(" .;,")
        name = label["label"]
        if _DEADLINE_LABEL.match(name):
            # a value read as no deadline (`từ tháng 02/2026`) is kept as written for the person, as a cell is
            item.deadline = _read_cell(value, self.year) or ((None, value) if value else None)
        elif _WHO_LABEL.match(name):
            item.who = value or None
        else:
            item.product = value or None
        return True

    def _close_section(self) -> None:
        items = self.section_items
        if self.section == "tasks" and not items:
            for text in self.loose:
                self._add_from_sentence(text, [self.section_title])
        for item in items:
            if item.children:
                continue
            dated = item.deadline is not None or find_deadline(item.text, self.year) is not None
            if item.section == "tasks" or (item.section == "organising" and dated):
                self._add_item(item)
        if self.section == "organising" and not items:
            for text in self.loose:
                if find_deadline(text, self.year):
                    self._add_from_sentence(text, [self.section_title])
        self.stack, self.section_items, self.loose = [], [], []

    def _add_item(self, item: _Item) -> None:
        deadline, written = item.deadline or (None, None)
        if deadline is None and (written is None or find_deadline(item.text, self.year)):
            self._add_from_sentence(item.text, item.headings, who=item.who, product=item.product)
            return
        self._add(item.headings, _trim(item.text), deadline, written, item.who, item.product)

    def _add_from_sentence(self, text: str, headings: list[str], who: str | None = None, product: str | None = None):
        folded = strip_marks(text)
        if _ANNEX.search(folded) and any(w in folded for w in _ANNEX_TASKS) and not find_deadline(text, self.year):
            return  # the tasks are in the annex's table, read on its own
        parts = _dated_parts(text, self.year)
        if len(parts) > 1:
            for part in parts:  # `Gửi kế hoạch trước ngày 20/6; báo cáo trước ngày 30/10`: two tasks
                self._add_from_sentence(part, headings, who, product)
            return
        found = find_deadline(text, self.year)
        if found is None:
            self._add(headings, _trim(text), None, None, who, product)
            return
        deadline, rest = found
        self._add(headings, _trim(rest), deadline, _written(text, rest, deadline, self.year), who, product)

    def _add(self, headings, content, deadline, written, who, product, field_code=None) -> None:
        if not content:
            return
        self.proposal.rows.append(
            ProposedTask(
                field=field_code or self.fields.propose(headings, content),
                content=content,
                who=who or None,
                deadline=written or None,
                due=_due(deadline),
                product=product or None,
            )
        )

    def finish(self) -> None:
        self._close_section()

    # -- tables

    def table(self, table) -> None:
        self.tables += 1
        rows = list(table.rows)
        for index, row in enumerate(rows[:3]):
            cells = _unique(row.cells)
            columns = _columns([clean_text(c.text) for _, c in cells])
            if "content" not in columns:
                continue
            if "deadline" not in columns:
                header = ", ".join(clean_text(c.text) for _, c in cells if clean_text(c.text))
                self.proposal.problems.append(
                    problem("docx-table-skipped", severity=WARNING, table=self.tables, header=header)
                )
                return
            positions = {role: cells[i][0] for role, i in columns.items()}
            body = rows[index + 1 :]
            if body and _second_header(row, body[0], positions):
                body = body[1:]
            self._table_rows(body, positions)
            return

    def _table_rows(self, rows, positions: dict[str, int]) -> None:
        base = [self.section_title] if self.section_title else []
        headings = base
        for row in rows:
            grid = row.cells
            if positions["content"] >= len(grid):
                continue
            task_cell = grid[positions["content"]]
            text = clean_text(task_cell.text)
            if not text or _COLUMN_NUMBER.fullmatch(text):
                continue
            if any(task_cell._tc is seen for seen in self.seen_cells):
                self._more_of_last(grid, positions)  # the rest of a task merged down: its other cells, once
                continue
            self.seen_cells.append(task_cell._tc)
            values = {role: _cell_text(grid, i) for role, i in positions.items() if role != "content"}
            spans = all(grid[i]._tc is task_cell._tc for i in positions.values() if i < len(grid))
            if spans or (not any(values.values()) and _looks_like_heading(text)):
                headings = [*base, _strip_number(text)]
                continue
            content = _strip_number(text)
            written = values.get("deadline")
            deadline = _read_cell(written, self.year) if written else None
            if deadline is None and written is None:
                found = find_deadline(content, self.year)
                if found:
                    deadline = (found[0], _written(content, found[1], found[0], self.year))
                    content = found[1]
            read, as_written = deadline if deadline else (None, written)
            field_code = self.fields.resolve(values.get("field"))
            self._add(headings, _trim(content), read, as_written, values.get("who"), values.get("product"), field_code)

    def _more_of_last(self, grid, positions: dict[str, int]) -> None:
        """A row of a task merged down: what its own who and product cells add to the task's."""
        if not self.proposal.rows:
            return
        last = self.proposal.rows[-1]
        more = {}
        for role in ("who", "product"):
            if role not in positions or positions[role] >= len(grid):
                continue
            cell, before = grid[positions[role]], getattr(last, role)
            text = clean_text(cell.text)
            if text and (before is None or text not in before.split("; ")):
                more[role] = f"{before}; {text}" if before else text
        if more:
            self.proposal.rows[-1] = replace(last, **more)


def _second_header(header, below, positions: dict[str, int]) -> bool:
    """A header over two rows (`Thời gian` above `Bắt đầu | Kết thúc`): the deadline is its end column.

    Moves `positions["deadline"]` to that column; True when `below` is the header's second row (its task cell
    the header's own, merged down), to be skipped.
    """
    head, grid = header.cells, below.cells
    deadline = head[positions["deadline"]]._tc
    span = [i for i, cell in enumerate(head) if cell._tc is deadline and i < len(grid)]
    ends = [i for i in span if fold_key(clean_text(grid[i].text)) in _END] if len(span) > 1 else []
    if ends:
        positions["deadline"] = ends[-1]
    content = positions["content"]
    return content < len(grid) and grid[content]._tc is head[content]._tc


def _dated_parts(text: str, year: int) -> list[str]:
    """A paragraph of several tasks each with its own deadline, split after each deadline's clause.

    `… trước ngày 23 tháng 6 năm 2023, báo cáo năm trước ngày 15 tháng 11 năm 2023.` is two tasks; a clause
    without a deadline stays with the next (`Rà soát hồ sơ, hoàn thành trước ngày 30/6`), and a paragraph whose
    last clause has none, or a part that would hold nothing but its deadline, is not split.
    """
    parts: list[str] = []
    current = ""
    for clause in re.split(r"(?<=[;,])\s+", text):
        current = f"{current} {clause}" if current else clause
        if find_deadline(clause, year) is None:  # the clause alone first: a long paragraph is read once, not again
            continue  # for each of its commas
        found = find_deadline(current, year)
        if found and _trim(found[1]):
            parts.append(current.rstrip(" ;,"))
            current = ""
    return parts if len(parts) > 1 and not current.strip(" .;,") else [text]


def _unique(cells) -> list[tuple[int, object]]:
    """Each cell of a row once, with its first grid position (a merged cell repeats its object)."""
    found: list[tuple[int, object]] = []
    for index, cell in enumerate(cells):
        if not any(cell._tc is other._tc for _, other in found):
            found.append((index, cell))
    return found


def _columns(headers: list[str]) -> dict[str, int]:
    """Which of a header row's cells is which plan column (by its index among the row's distinct cells)."""
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = fold_key(header)
        for role, spellings in _ROLES:
            if role not in found and any(key == s or (key.startswith(s) and _qualified(header)) for s in spellings):
                found[role] = index
                break
    return found


def _qualified(header: str) -> bool:
    """A header that adds a note to a known spelling: `Thời gian hoàn thành (dự kiến)`, `Nội dung/ nhiệm vụ`."""
    return bool(re.search(r"[(/]", header))


def _cell_text(grid, index: int) -> str | None:
    return (clean_text(grid[index].text) or None) if index < len(grid) else None


def _looks_like_heading(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(_ROMAN.match(text)) or (bool(letters) and all(ch.isupper() for ch in letters))


def _read_cell(text: str | None, year: int) -> tuple[Deadline, str] | None:
    """A deadline written on its own (a cell, a `Thời gian thực hiện:` line), with the text as written."""
    if not text:
        return None
    deadline = read_deadline(text, year)
    if deadline is not None:
        return deadline, text
    found = find_deadline(text, year)
    return (found[0], text) if found else None


def _numbering(text: str, word_level: int | None) -> tuple[tuple[int, int] | None, str]:
    """How deep a paragraph is numbered (a rank: a smaller one holds a larger) and its text without the number."""
    if word_level is not None:
        return (5, word_level), text
    found = _DECIMAL.match(text) or _NESTED.match(text)
    if found:
        return (1, found["n"].count(".") + 1), found["rest"]
    found = _LETTER.match(text)
    if found:
        return (2, 0), found["rest"]
    found = _BULLET.match(text)
    if found:
        return (4 if found["n"] == "+" else 3, 0), found["rest"]
    return None, text


def _strip_number(text: str) -> str:
    for pattern in (_ROMAN, _DECIMAL, _NESTED, _LETTER, _BULLET):
        found = pattern.match(text)
        if found:
            return found["rest"]
    return text


def _trim(text: str) -> str:
    text = clean_text(text).strip(" ;,:").rstrip(" .;,:")
    return text[:1].upper() + text[1:]


def _due(deadline: Deadline | None) -> str | None:
    if deadline is None:
        return None
    return RECURRING if deadline.recurring else deadline.due.isoformat() if deadline.due else None


def _written(sentence: str, rest: str, deadline: Deadline, year: int) -> str:
    """The deadline phrase as the sentence wrote it: what `find_deadline` cut, without its label.

    Checked by reading it back; when that fails (a phrase split oddly) the deadline is written plainly.
    """
    # the sentence's closing stop is not in `rest` (find_deadline trims it): without it, what follows the phrase
    # (`… trước ngày 30 tháng 10 năm 2023 đúng quy định.`) is found on both sides
    sentence, rest = clean_text(sentence).rstrip(" .;,:"), clean_text(rest)
    start = 0
    while start < min(len(sentence), len(rest)) and sentence[start] == rest[start]:
        start += 1
    end = 0
    while end < min(len(sentence), len(rest)) - start and sentence[-1 - end] == rest[-1 - end]:
        end += 1
    phrase = sentence[start : len(sentence) - end].strip(" ;,.:()*")
    label = _LABEL.match(strip_marks(phrase))
    if label and _DEADLINE_LABEL.match(label["label"]):
        phrase = phrase[label.end() :]
    phrase = phrase.strip(" ;,.:()*")
    if phrase and read_deadline(phrase, year) == deadline:
        return phrase
    if deadline.recurring or deadline.due is None:
        return phrase
    return deadline.due.strftime("%d/%m/%Y")
