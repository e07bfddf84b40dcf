"""Command line for the CCHC dashboard: the same stages as the app, from a terminal.

    python cli.py [--as USERNAME] COMMAND ...  act for an account, with exactly its rights (see below)
    python cli.py units import FILE            add or update schools in the registry
    python cli.py ingest FILE|FOLDER... [--json] [--received-at YYYY-MM-DD]
    python cli.py summary --period 2023-Q2 [--json]
    python cli.py template OUT.xlsx            the blank report workbook
    python cli.py history UNIT [--period P]     every submission of a school
    python cli.py restore SUBMISSION_ID        make an earlier submission current again
    python cli.py deadline PERIOD DD/MM/YYYY   set a quarter's reporting deadline
    python cli.py demo                         load the demo office when the database is empty
    python cli.py users add USERNAME --role admin|viewer|clerk [--unit TH01] [--name "..."] [--password P]
    python cli.py users list [--json]
    python cli.py users disable USERNAME
    python cli.py users enable USERNAME
    python cli.py users reset-password USERNAME [--password P]
    python cli.py export --period 2023-Q2 --out FILE.xlsx [--level L] [--ward W] [--compare P] [--csv-dir DIR]
    python cli.py audit verify [--expect ID:HASH] [--json]   check the audit log's hash chain

Without --as a command runs with the server operator's full rights (whoever has a shell
on the server holds the database anyway). With --as USERNAME it runs for that account:
the password is read from the environment variable CCHC_PASSWORD, else asked at the
terminal, else read from the first line of stdin (before any new password `users add`
or `users reset-password` reads from the next line); the login is checked and audited
like the app's (repeated failures lock the account). What the account may do:

    admin    everything; its name is recorded as who acted
    viewer   summary, export, history, units list, template; no ingest
    clerk    ingest (only its school's reports are stored, others refused as unit-not-allowed),
             history and summary of its own school only, units list, template; no export
    restore, deadline, units import, users ..., audit verify, demo: admin only

A failed login, or a command the account may not run, is reported on stderr with exit
status 2 and nothing is done.

Exit status: 0 success, 1 a file was rejected or a check failed, 2 a usage error (or refused).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import signal
import sys
from datetime import datetime, time
from pathlib import Path

from core import formatting as fmt

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2

PASSWORD_ENV = "CCHC_PASSWORD"  # the password of the --as account, for scripts


class UsageError(Exception):
    """Wrong arguments: reported on stderr with exit status 2."""


class NotAllowed(UsageError):
    """The --as account may not do what was asked (or could not log in): exit status 2, nothing done."""


def _engine():
    from storage.db import make_engine

    return make_engine()


def _day(text: str):
    from loaders.values import BadValue, as_date

    try:
        return as_date(text)
    except BadValue as error:
        raise UsageError(f"Ngày không hợp lệ: {text!r} (cần YYYY-MM-DD hoặc DD/MM/YYYY)") from error


def _period(text: str) -> str:
    from core.periods import parse_period

    period = parse_period(text)
    if period is None:
        raise UsageError(f"Kỳ không hợp lệ: {text!r} (cần dạng 2023-Q2 hoặc Quý II/2023)")
    return period.code


# ---------------------------------------------------------------- acting for an account (--as)


def _login(username: str):
    """The account named by --as, once its password is right; NotAllowed (nothing done) otherwise."""
    from storage.accounts import LOCK_TIME, MAX_FAILED_LOGINS, authenticate, normalise_username

    name = normalise_username(username)
    if not name:
        raise UsageError("--as cần tên đăng nhập của một tài khoản")
    password = os.environ.get(PASSWORD_ENV) or _read_password(None, prompt=f"Mật khẩu của {name}: ", confirm=False)
    if not password:  # no attempt made: a script that forgot the password does not count towards a lock-out
        raise UsageError(
            f"Chưa có mật khẩu của tài khoản {name}: đặt biến môi trường {PASSWORD_ENV}, "
            "nhập khi được hỏi, hoặc đưa vào dòng đầu của stdin. Không làm gì."
        )
    user = authenticate(_engine(), name, password)
    if user is None:
        minutes = int(LOCK_TIME.total_seconds() // 60)
        raise NotAllowed(
            f"Không đăng nhập được tài khoản {name}: sai tên đăng nhập hoặc mật khẩu, tài khoản đã bị vô hiệu hoá "
            f"hoặc đang tạm khoá (sau {MAX_FAILED_LOGINS} lần nhập sai liên tiếp, khoá {minutes} phút). Không làm gì."
        )
    return user


def _account(args: argparse.Namespace):
    """The --as account (storage.accounts.User), or None: the server's operator, with every right."""
    return getattr(args, "user", None)


def _by(args: argparse.Namespace) -> str | None:
    """Who acted, for the audit log: the --as account's name; None for the server's operator."""
    user = _account(args)
    return user.username if user is not None else None


def _refuse(user, asked: str, why: str) -> NotAllowed:
    """The refusal of `asked` to `user`, saying who, what and why."""
    from i18n import translate

    role = translate(f"role.{user.role}", unit=user.unit_code or "")
    return NotAllowed(f"Tài khoản {user.username} — {role} — không được {asked}: {why}. Không làm gì.")


def _admin_only(args: argparse.Namespace, asked: str) -> None:
    user = _account(args)
    if user is not None and not user.is_admin:
        raise _refuse(user, asked, "việc này chỉ dành cho quản trị viên (admin)")


# ---------------------------------------------------------------- units


def cmd_units_import(args: argparse.Namespace) -> int:
    from loaders.units import read_units
    from storage.repository import upsert_units

    _admin_only(args, f"nhập danh mục đơn vị từ {args.file}")
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"Không thấy tệp {path}")
    units, problems = read_units(path.read_bytes(), path.name)
    for p in problems:
        where = f"dòng {p.row}" if p.row else "tệp"
        print(f"{p.severity.upper()} {path.name} {where} [{p.column or ''}] {p.message}", file=sys.stderr)
    if any(p.is_error for p in problems):
        print("Không nhập đơn vị nào: hãy sửa các lỗi trên rồi nhập lại.", file=sys.stderr)
        return EXIT_REJECTED
    try:
        added, updated = upsert_units(_engine(), units, by=_by(args))
    except ValueError as refused:  # a closed quarter's schools would change
        print(refused, file=sys.stderr)
        return EXIT_REJECTED
    unchanged = len(units) - added - updated
    print(f"Đã nhập {len(units)} đơn vị: {added} mới, {updated} cập nhật, {unchanged} không đổi.")
    return EXIT_OK


def cmd_units_list(args: argparse.Namespace) -> int:
    from storage.repository import list_units

    units = list_units(_engine())
    if args.json:
        print(json.dumps(units, ensure_ascii=False, indent=2, default=str))
    else:
        for unit in units:
            print(f"{unit['unit_code']:<10} {unit['unit_name']:<45} {unit['level'] or '':<10} {unit['ward'] or ''}")
    return EXIT_OK


# ---------------------------------------------------------------- ingest


def cmd_ingest(args: argparse.Namespace) -> int:
    from pipeline.ingest import expand_paths, ingest_paths
    from storage.accounts import ADMIN, CLERK

    user = _account(args)
    if user is not None and user.role not in (ADMIN, CLERK):  # a viewer: refused before any file is read
        raise _refuse(
            user, f"nộp báo cáo ({', '.join(args.files)})", "tài khoản chỉ xem, không nộp báo cáo của trường nào"
        )
    missing = [p for p in args.files if not Path(p).exists()]
    if missing:
        raise UsageError("Không thấy: " + ", ".join(missing))
    if not expand_paths(args.files):
        raise UsageError("Không có bảng tính nào (.xlsx, .xlsm, .xls, .ods) trong các đường dẫn đã cho")
    received_at = _received_at(user, args.received_at) if args.received_at else None
    results = ingest_paths(_engine(), args.files, received_at=received_at, submitter=user)
    if args.json:
        print(json.dumps([r.as_json() for r in results], ensure_ascii=False, indent=1))
    else:
        _print_ingest(results)
    return EXIT_OK if all(r.accepted for r in results) else EXIT_REJECTED


def _received_at(user, text: str) -> datetime:
    """The back-filled received day: an administrator's (or the operator's) only, never a future one."""
    from storage.accounts import ADMIN
    from storage.audit import wall_clock

    if user is not None and user.role != ADMIN:
        raise _refuse(user, "đặt ngày nhận (--received-at)", "ngày nhận quyết định báo cáo đúng hạn hay trễ hạn")
    day = _day(text)
    if day > wall_clock().date():  # today in Vietnam, whatever the server's time zone
        raise UsageError(f"Ngày nhận {day:%d/%m/%Y} chưa tới: ngày nhận không thể sau hôm nay")
    return datetime.combine(day, time())


def _print_ingest(results) -> None:
    for result in results:
        report = result.report
        if result.accepted:
            counts = report.counts()
            note = " (thay báo cáo trước)" if result.replaced else ""
            print(
                f"✔ {result.file}: NHẬN — {report.unit_code}, {fmt.quarter(report.period)}{note}: "
                f"{counts['tasks']} nhiệm vụ, {counts['indicators']} chỉ tiêu, "
                f"{counts['satisfaction']} yếu tố hài lòng, {counts['self_assessment']} lĩnh vực tự đánh giá"
            )
        else:
            print(f"✘ {result.file}: TỪ CHỐI — không lưu gì")
        for p in report.problems:
            where = p.where()
            label = "Lỗi" if p.is_error else "Cảnh báo"
            print(f"    {label}{' (' + where + ')' if where else ''}: {p.message}")
    accepted = sum(r.accepted for r in results)
    print(f"Tổng: {accepted}/{len(results)} tệp được nhận, {len(results) - accepted} bị từ chối.")


# ---------------------------------------------------------------- summary


def cmd_summary(args: argparse.Namespace) -> int:
    from core.catalogs import default_catalogs
    from metrics.summary import period_summary
    from storage.repository import load_frames

    period = _period(args.period)
    frames = load_frames(_engine(), [period])
    user = _account(args)
    if user is not None and user.own_unit is not None:  # a clerk: their school's figures only
        from metrics.views import restrict_units

        frames = restrict_units(frames, [user.own_unit])
    summary = period_summary(frames, default_catalogs(), period)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        if user is not None and user.own_unit is not None:
            print(f"(Chỉ đơn vị {user.own_unit}: tài khoản {user.username})")
        _print_summary(summary)
    return EXIT_OK


def _print_summary(s: dict) -> None:
    sub, overall = s["submission"], s["overall"]
    print(f"TỔNG HỢP CẢI CÁCH HÀNH CHÍNH {fmt.quarter(s['period']).upper()}")
    print(
        f"Nộp báo cáo: {sub['submitted']}/{sub['expected']} đơn vị ({fmt.percent(sub['rate'])}), "
        f"đúng hạn {sub['on_time']} ({fmt.percent(sub['on_time_rate'])})"
    )
    print(
        f"Nhiệm vụ: {fmt.number(overall['done'])}/{fmt.number(overall['tasks'])} hoàn thành "
        f"({fmt.percent(overall['completion_rate'])}), đúng hạn {fmt.percent(overall['on_time_rate'])}, "
        f"quá hạn {fmt.number(overall['overdue'])}"
    )
    print(f"Hài lòng: {fmt.percent(overall['satisfaction'])} · Điểm CCHC: {fmt.number(overall['par_score'], 2)}")
    print()
    print(f"{'Hạng':>6}  {'Mã':<8} {'Đơn vị':<40} {'Hoàn thành':>11} {'Đúng hạn':>9} {'Quá hạn':>8}")
    for unit in s["units"]:
        if not unit["reported"]:
            print(f"{'':>6}  {unit['unit_code']:<8} {unit['unit_name'][:40]:<40} {'chưa nộp báo cáo':>30}")
            continue
        rank = f"{unit['rank']}/{unit['rank_of']}" if unit["rank"] else ""
        print(
            f"{rank:>6}  {unit['unit_code']:<8} {unit['unit_name'][:40]:<40} {fmt.percent(unit['completion_rate']):>11}"
            f" {fmt.percent(unit['on_time_rate']):>9} {fmt.number(unit['overdue']):>8}"
        )


# ---------------------------------------------------------------- export


def cmd_export(args: argparse.Namespace) -> int:
    from core.catalogs import default_catalogs
    from core.office import load_office
    from exports.csvfiles import export_csv_files
    from exports.workbook import export_workbook, resolve_level, scope_problem
    from storage.repository import load_frames

    user = _account(args)
    if user is not None and user.own_unit is not None:
        raise _refuse(
            user,
            f"xuất báo cáo tổng hợp {args.period}",
            "báo cáo tổng hợp là báo cáo của văn phòng, chỉ quản trị viên và lãnh đạo, chuyên viên được xuất",
        )
    period, compare = _period(args.period), _period(args.compare) if args.compare else None
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise UsageError("Tệp báo cáo cần đuôi .xlsx")
    catalogs = default_catalogs()
    try:
        level, office = resolve_level(catalogs, args.level), load_office()
    except ValueError as error:
        raise UsageError(str(error)) from error
    frames = load_frames(_engine(), [p for p in (period, compare) if p], task_texts=False)
    for quarter in [p for p in (period, compare) if p]:
        problem = scope_problem(frames, quarter, level, args.ward)
        if problem:
            raise UsageError(problem)
    scope = {"level": level, "ward": args.ward, "compare": compare}
    out.parent.mkdir(parents=True, exist_ok=True)
    workbook = export_workbook(frames, catalogs, period, office, **scope)
    out.write_bytes(workbook)
    _audit_export(args, period, {"what": "report", "format": "xlsx", **scope, "bytes": len(workbook)})
    print(f"Đã ghi báo cáo {fmt.quarter(period)}: {out}")
    if args.csv_dir:
        folder = Path(args.csv_dir)
        folder.mkdir(parents=True, exist_ok=True)
        tables = export_csv_files(frames, catalogs, period, **scope)
        for name, content in tables.items():
            (folder / name).write_bytes(content)
        size = sum(len(content) for content in tables.values())
        _audit_export(args, period, {"what": "report", "format": "csv", **scope, "bytes": size})
        print(f"Đã ghi các bảng CSV vào: {folder}")
    return EXIT_OK


def _audit_export(args: argparse.Namespace, period: str, detail: dict) -> None:
    """Every export leaves the same 'export' line as a download in the app (no username: the server's operator)."""
    from storage import audit

    user = _account(args)
    audit.record(
        _engine(),
        "export",
        username=user.username if user else None,
        unit_code=user.unit_code if user else None,
        period=period,
        detail={**detail, "via": "cli"},
    )


# ---------------------------------------------------------------- other commands


def cmd_template(args: argparse.Namespace) -> int:
    from loaders.template import write_template

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise UsageError("Tệp mẫu cần đuôi .xlsx")
    write_template(out)
    print(f"Đã ghi mẫu báo cáo: {out}")
    return EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    from storage.repository import submission_history

    unit, user = args.unit.strip().upper(), _account(args)
    if user is not None and not user.may_see(unit):
        raise _refuse(
            user, f"xem lịch sử báo cáo của đơn vị {unit}", f"văn thư chỉ xem báo cáo của đơn vị mình ({user.own_unit})"
        )
    period = _period(args.period) if args.period else None
    rows = submission_history(_engine(), unit, period)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
        return EXIT_OK
    if not rows:
        print("Chưa có báo cáo nào.")
    for row in rows:
        state = "HIỆN HÀNH" if row["is_current"] else "đã thay"
        print(
            f"#{row['id']:<6} {fmt.quarter(row['period']):<13} {fmt.moment(row['received_at'])}"
            f"  {state:<9} {row['file_name']}"
        )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from storage.repository import ReportLocked, restore_submission

    _admin_only(args, f"khôi phục báo cáo #{args.submission_id}")
    try:
        restore_submission(_engine(), args.submission_id, by=_by(args))
    except (KeyError, LookupError, ValueError) as error:
        raise UsageError(f"Không khôi phục được báo cáo #{args.submission_id}: {error}") from error
    except ReportLocked as error:  # approved, or its quarter closed: a refusal, not a usage error
        print(f"cli.py: {error}", file=sys.stderr)
        return EXIT_REJECTED
    print(f"Báo cáo #{args.submission_id} đã trở lại là báo cáo hiện hành.")
    return EXIT_OK


def cmd_deadline(args: argparse.Namespace) -> int:
    from storage.repository import DeadlineRefused, set_deadline

    _admin_only(args, f"đặt hạn nộp báo cáo kỳ {args.period}")
    period, deadline = _period(args.period), _day(args.date)
    try:
        set_deadline(_engine(), period, deadline, by=_by(args))
    except DeadlineRefused as refused:
        raise UsageError(f"{refused}. Không làm gì.") from refused
    print(f"Hạn nộp báo cáo {fmt.quarter(period)}: {fmt.day(deadline)}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from core.settings import data_dir
    from demo.accounts import ensure_demo_accounts
    from demo.load import load_demo
    from storage.repository import is_empty

    _admin_only(args, "nạp dữ liệu mẫu")
    engine = _engine()
    loading = is_empty(engine)
    print(load_demo(engine))
    # Demo logins only beside the demo's own data: never on a database that held reports already.
    print(ensure_demo_accounts(engine, data_dir() / "demo-accounts.txt", create=loading))
    return EXIT_OK


# ---------------------------------------------------------------- audit


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """Walk the audit log's hash chain: exit 0 when whole, 1 at the first line changed, missing or slipped in."""
    from storage.audit import verify

    _admin_only(args, "kiểm tra nhật ký hệ thống")
    check = verify(_engine(), expect=_expected_line(args.expect) if args.expect else None)
    message = _chain_message(check)
    if args.json:
        found = {"whole": check.whole, **dataclasses.asdict(check), "message": message}
        print(json.dumps(found, ensure_ascii=False, indent=1))
    else:
        print(message)
    return EXIT_OK if check.whole else EXIT_REJECTED


def _expected_line(text: str) -> tuple[int, str]:
    """`1234:9f3a…`: a line's id and the hash `audit verify` printed for it earlier."""
    line_id, _, digest = text.partition(":")
    digest = digest.strip().lower()
    if not line_id.strip().isdigit() or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise UsageError(f"--expect cần dạng SỐ_DÒNG:MÃ_BĂM (64 ký tự hex), ví dụ 1234:9f3a…; nhận {text!r}")
    return int(line_id), digest


def _chain_message(check) -> str:
    """What `audit verify` found, in words."""
    from storage.audit import CHANGED, INSERTED, MISSING

    if check.whole:
        if check.last_id is None:
            return "Nhật ký toàn vẹn: chưa có dòng nào."
        return (
            f"Nhật ký toàn vẹn: {fmt.number(check.lines)} dòng. Dòng cuối #{check.last_id}, mã băm {check.last_hash} "
            f"(ghi lại để đối chiếu về sau: audit verify --expect {check.last_id}:{check.last_hash})."
        )
    at, other = check.broken_at, check.other_id
    if check.reason == CHANGED:
        why = f"dòng #{at} đã bị sửa sau khi ghi (không còn khớp mã băm của nó)"
    elif check.reason == MISSING:
        why = f"thiếu dòng #{other}, đã bị xoá (dòng #{at} được ghi ngay sau nó)"
    elif check.reason == INSERTED and other is None:
        why = f"dòng #{at} không do ứng dụng ghi (không có mã băm): đã được chèn thêm vào nhật ký"
    elif check.reason == INSERTED:
        why = f"dòng #{at} và dòng #{other} cùng nối tiếp một dòng: một trong hai đã được chèn thêm"
    else:  # REWRITTEN: the lines before it agree with one another, but may be rewritten too
        return (
            f"Nhật ký KHÔNG toàn vẹn: dòng #{at} không còn, hoặc không còn mang mã băm đã ghi lại: "
            "nhật ký đến dòng này đã bị viết lại hoặc cắt bớt."
        )
    return f"Nhật ký KHÔNG toàn vẹn: {why}. {fmt.number(check.lines)} dòng trước chỗ đứt vẫn khớp."


# ---------------------------------------------------------------- users


def _read_password(given: str | None, *, prompt: str = "Mật khẩu: ", confirm: bool = True) -> str:
    """`given`, else typed at a terminal (twice when `confirm`), else the next line of stdin (a pipe)."""
    if given is not None:
        return given
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        first = getpass.getpass(prompt)
        if confirm and getpass.getpass("Nhập lại mật khẩu: ") != first:
            raise UsageError("Hai lần nhập mật khẩu không khớp")
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.rstrip("\r\n")


def _new_password(given: str | None) -> str:
    """--password, else typed twice at a terminal, else the next line of stdin (a pipe)."""
    return _read_password(given)


def _account_call(function, *args, **kwargs):
    """Run an accounts function: bad input is a usage error, a refusal exits 1 (None answered)."""
    from storage.accounts import AccountInputError, AccountRefused

    try:
        return True, function(*args, **kwargs)
    except AccountInputError as error:
        raise UsageError(str(error)) from error
    except AccountRefused as error:
        print(f"cli.py: {error}", file=sys.stderr)
        return False, None


def cmd_users_add(args: argparse.Namespace) -> int:
    from storage.accounts import ROLES, add_user

    _admin_only(args, f"tạo tài khoản {args.username}")
    if args.role not in ROLES:  # before asking for a password
        raise UsageError(f"Vai trò không hợp lệ: {args.role!r} (cần một trong: {', '.join(ROLES)})")
    password = _new_password(args.password)
    done, _ = _account_call(
        add_user,
        _engine(),
        args.username,
        password,
        args.role,
        unit_code=args.unit,
        display_name=args.name,
        by=_by(args),
    )
    if not done:
        return EXIT_REJECTED
    unit = f", đơn vị {args.unit.strip().upper()}" if args.unit else ""
    print(f"Đã tạo tài khoản {args.username.strip().lower()} (vai trò {args.role}{unit}).")
    return EXIT_OK


def cmd_users_list(args: argparse.Namespace) -> int:
    from storage.accounts import list_users
    from storage.audit import wall_clock

    _admin_only(args, "xem danh sách tài khoản")
    accounts, now = list_users(_engine()), wall_clock()
    if args.json:
        print(json.dumps(accounts, ensure_ascii=False, indent=2, default=str))
        return EXIT_OK
    if not accounts:
        print("Chưa có tài khoản nào.")
    for account in accounts:
        state = "hoạt động" if account["active"] else "đã vô hiệu hoá"
        if account["active"] and account["locked_until"] is not None and account["locked_until"] > now:
            state += f" (tạm khoá đến {fmt.moment(account['locked_until'])})"
        print(
            f"{account['username']:<20} {account['role']:<7} {account['unit_code'] or '':<10} "
            f"{account['display_name'] or '':<30} {state}"
        )
    return EXIT_OK


def _switch_account(args: argparse.Namespace, call, doing: str, already: str) -> int:
    """Disable or enable `args.username` (an administrator's act); say whether it changed."""
    _admin_only(args, f"{doing} tài khoản {args.username}")
    done, changed = _account_call(call, _engine(), args.username, by=_by(args))
    if not done:
        return EXIT_REJECTED
    name = args.username.strip().lower()
    print(f"Đã {doing} tài khoản {name}." if changed else already.format(name=name))
    return EXIT_OK


def cmd_users_disable(args: argparse.Namespace) -> int:
    from storage.accounts import disable_user

    return _switch_account(args, disable_user, "vô hiệu hoá", "Tài khoản {name} đã bị vô hiệu hoá từ trước.")


def cmd_users_enable(args: argparse.Namespace) -> int:
    from storage.accounts import enable_user

    return _switch_account(args, enable_user, "kích hoạt lại", "Tài khoản {name} đang hoạt động.")


def cmd_users_reset_password(args: argparse.Namespace) -> int:
    from storage.accounts import reset_password

    _admin_only(args, f"đặt lại mật khẩu của tài khoản {args.username}")
    password = _new_password(args.password)
    done, _ = _account_call(reset_password, _engine(), args.username, password, by=_by(args))
    if not done:
        return EXIT_REJECTED
    print(f"Đã đặt lại mật khẩu cho tài khoản {args.username.strip().lower()}.")
    return EXIT_OK


# ---------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cli.py", description="Bảng theo dõi cải cách hành chính (CCHC) các trường")
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="USERNAME",
        help=f"làm việc với đúng quyền của tài khoản này (mật khẩu: biến môi trường {PASSWORD_ENV}, "
        "hoặc hỏi khi chạy, hoặc dòng đầu của stdin); mặc định: quyền đầy đủ của người vận hành máy chủ",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    units = commands.add_parser("units", help="danh sách đơn vị").add_subparsers(dest="units_command", required=True)
    units_import = units.add_parser("import", help="nhập đơn vị từ CSV hoặc XLSX")
    units_import.add_argument("file")
    units_import.set_defaults(handler=cmd_units_import)
    units_list = units.add_parser("list", help="liệt kê đơn vị")
    units_list.add_argument("--json", action="store_true")
    units_list.set_defaults(handler=cmd_units_list)

    ingest = commands.add_parser("ingest", help="kiểm tra và lưu báo cáo quý")
    ingest.add_argument("files", nargs="+", metavar="FILE")
    ingest.add_argument("--json", action="store_true")
    ingest.add_argument("--received-at", metavar="YYYY-MM-DD", help="ngày nhận (khi nhập lại tệp cũ)")
    ingest.set_defaults(handler=cmd_ingest)

    summary = commands.add_parser("summary", help="tổng hợp một quý")
    summary.add_argument("--period", required=True, metavar="2023-Q2")
    summary.add_argument("--json", action="store_true")
    summary.set_defaults(handler=cmd_summary)

    template = commands.add_parser("template", help="ghi mẫu báo cáo trống")
    template.add_argument("out", metavar="OUT.xlsx")
    template.set_defaults(handler=cmd_template)

    history = commands.add_parser("history", help="lịch sử báo cáo của một đơn vị")
    history.add_argument("unit")
    history.add_argument("--period")
    history.add_argument("--json", action="store_true")
    history.set_defaults(handler=cmd_history)

    restore = commands.add_parser("restore", help="khôi phục một báo cáo cũ làm hiện hành")
    restore.add_argument("submission_id", type=int)
    restore.set_defaults(handler=cmd_restore)

    deadline = commands.add_parser("deadline", help="đặt hạn nộp báo cáo của một quý")
    deadline.add_argument("period")
    deadline.add_argument("date")
    deadline.set_defaults(handler=cmd_deadline)

    export = commands.add_parser("export", help="ghi báo cáo Excel (và CSV) của một quý")
    export.add_argument("--period", required=True, metavar="2023-Q2")
    export.add_argument("--out", required=True, metavar="FILE.xlsx")
    export.add_argument("--level", help="chỉ một cấp học (thcs, tieu_hoc, mam_non… hoặc tên)")
    export.add_argument("--ward", help="chỉ các đơn vị của một phường, xã / khu vực")
    export.add_argument("--compare", metavar="2023-Q1", help="quý để so sánh")
    export.add_argument("--csv-dir", metavar="DIR", help="ghi thêm mỗi bảng thành một tệp CSV trong DIR")
    export.set_defaults(handler=cmd_export)

    demo = commands.add_parser("demo", help="nạp dữ liệu mẫu khi cơ sở dữ liệu còn trống")
    demo.set_defaults(handler=cmd_demo)

    users = commands.add_parser("users", help="tài khoản đăng nhập").add_subparsers(dest="users_command", required=True)
    users_add = users.add_parser("add", help="tạo tài khoản")
    users_add.add_argument("username")
    users_add.add_argument("--role", required=True, help="admin, viewer hoặc clerk (văn thư của một đơn vị)")
    users_add.add_argument("--unit", metavar="TH01", help="mã đơn vị (bắt buộc với clerk)")
    users_add.add_argument("--name", help="họ tên hiển thị")
    users_add.add_argument("--password", help="mật khẩu (mặc định: hỏi hai lần, hoặc đọc dòng đầu của stdin)")
    users_add.set_defaults(handler=cmd_users_add)
    users_list = users.add_parser("list", help="liệt kê tài khoản")
    users_list.add_argument("--json", action="store_true")
    users_list.set_defaults(handler=cmd_users_list)
    users_disable = users.add_parser("disable", help="vô hiệu hoá tài khoản (không đăng nhập được nữa)")
    users_disable.add_argument("username")
    users_disable.set_defaults(handler=cmd_users_disable)
    users_enable = users.add_parser("enable", help="kích hoạt lại tài khoản đã vô hiệu hoá")
    users_enable.add_argument("username")
    users_enable.set_defaults(handler=cmd_users_enable)
    users_reset = users.add_parser("reset-password", help="đặt lại mật khẩu")
    users_reset.add_argument("username")
    users_reset.add_argument("--password", help="mật khẩu mới (mặc định: hỏi hai lần, hoặc đọc dòng đầu của stdin)")
    users_reset.set_defaults(handler=cmd_users_reset_password)

    audit = commands.add_parser("audit", help="nhật ký hệ thống").add_subparsers(dest="audit_command", required=True)
    audit_verify = audit.add_parser("verify", help="kiểm tra chuỗi mã băm của nhật ký (dòng bị sửa, xoá, chèn thêm)")
    audit_verify.add_argument(
        "--expect", metavar="ID:HASH", help="mã băm của một dòng đã ghi lại trước đây (lần kiểm tra trước in ra)"
    )
    audit_verify.add_argument("--json", action="store_true")
    audit_verify.set_defaults(handler=cmd_audit_verify)
    return parser


def main(argv: list[str] | None = None) -> int:
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `cli.py summary | head` ends quietly
    args = build_parser().parse_args(argv)
    try:
        args.user = _login(args.as_user) if args.as_user is not None else None
        return args.handler(args)
    except UsageError as error:
        print(f"cli.py: {error}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
