"""Command line for the CCHC dashboard: the same stages as the app, from a terminal.

    python cli.py [--as USERNAME] COMMAND ...  act for an account, with exactly its rights (see below)
    python cli.py [--lang en|vi] COMMAND ...   the language of every message (default vi, or CCHC_LANG)
    python cli.py units import FILE            add or update schools in the registry
    python cli.py ingest FILE|FOLDER... [--json] [--received-at YYYY-MM-DD]
    python cli.py summary --period P [--json]  P: a quarter (2026-Q2), 2026-H1, 2026-9M or the year 2026
    python cli.py template OUT.xlsx            the blank report workbook
    python cli.py history UNIT [--period P]     every submission of a school
    python cli.py restore SUBMISSION_ID        make an earlier submission current again
    python cli.py deadline PERIOD DD/MM/YYYY   set a quarter's reporting deadline
    python cli.py demo                         load the demo office when the database is empty
    python cli.py users add USERNAME --role admin|viewer|clerk [--unit TH01 | --ward W] [--name "..."] [--password P]
    python cli.py users list [--json]
    python cli.py users disable USERNAME
    python cli.py users enable USERNAME
    python cli.py users reset-password USERNAME [--password P]
    python cli.py export --period P --out FILE.xlsx [--level L] [--ward W] [--compare P] [--csv-dir DIR]
    python cli.py audit verify [--expect ID:HASH] [--json]   check the audit log's hash chain
    python cli.py quality --period 2026-Q2 [--json]          the quarter's data-quality flags and their state
    python cli.py evidence add --unit U --year Y (--field F | --criterion C | --task CODE) FILE... [--json]
    python cli.py evidence list --unit U --year Y [--json]   a school's evidence files for a PAR year
    python cli.py evidence remove ID                          take a file off (the audit log keeps it)
    python cli.py evidence get ID --out FILE                  write a file out (audited)

Without --as a command runs with the server operator's full rights (whoever has a shell
on the server holds the database anyway). With --as USERNAME it runs for that account:
the password is read from the environment variable CCHC_PASSWORD, else asked at the
terminal, else read from the first line of stdin (before any new password `users add`
or `users reset-password` reads from the next line); the login is checked and audited
like the app's (repeated failures lock the account). What the account may do:

    admin    everything; its name is recorded as who acted
    viewer   summary, export, history, units list, template, evidence list and get; no ingest
    clerk    ingest (only its school's reports are stored, others refused as unit-not-allowed),
             history, summary and evidence of its own school only, units list, template; no export
    restore, deadline, units import, users ..., audit verify, demo: admin only

A failed login, or a command the account may not run, is reported on stderr with exit
status 2 and nothing is done.

Every sentence the CLI prints, its help and its refusals are worded through `i18n`
(the CLI's own strings are in i18n/cli.py); who may do what is asked of core.permissions,
as the app's pages ask it. In --json output the keys and codes stay the same in either
language; only the `message` texts follow --lang.

Exit status: 0 success, 1 a file was rejected or a check failed, 2 a usage error (or refused).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import signal
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from core import formatting as fmt
from core.errors import Refusal
from core.permissions import (
    ADMINISTER,
    READ_OFFICE,
    SUBMIT,
    may,
    may_see,
    own_unit,
    own_ward,
)
from i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from i18n.messages import describe, show, term

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2

PASSWORD_ENV = "CCHC_PASSWORD"  # the password of the --as account, for scripts
LANG_ENV = "CCHC_LANG"  # the language of the messages when --lang is not given


class UsageError(Refusal):
    """Wrong arguments: reported on stderr with exit status 2. Worded by `cli.error.<code>` (i18n/cli.py)."""

    @property
    def key(self) -> str:
        return f"cli.error.{self.code}"


class NotAllowed(UsageError):
    """The --as account may not do what was asked (or could not log in): exit status 2, nothing done."""


def _say(error: BaseException, lang: str) -> str:
    """An error in `lang`: a coded refusal worded by i18n; one not coded yet as its own (Vietnamese) text."""
    return describe(error, lang) if isinstance(error, Refusal) else str(error)


def _term_of(error: BaseException) -> dict[str, Any] | str:
    """An error as a value of another message: worded in the reader's language when it is coded."""
    return error.as_term() if isinstance(error, Refusal) else str(error)


def _t(args: argparse.Namespace, key: str, **params: object) -> str:
    """One of the CLI's sentences (i18n/cli.py) in the language asked for."""
    return translate(key, args.lang, **params)


def _engine():
    from storage.open import open_database

    return open_database()


def _day(text: str):
    from loaders.values import BadValue, as_date

    try:
        return as_date(text)
    except BadValue as error:
        raise UsageError("bad-day", text=repr(text)) from error


def _period(text: str) -> str:
    from core.periods import parse_period

    period = parse_period(text)
    if period is None:
        raise UsageError("bad-period", text=repr(text))
    return period.code


def _period_or_span(text: str) -> str:
    """A quarter in any spelling, or six months, nine months or a year: `2026-H1`, `2026-9M`, `2026`."""
    from core.periods import canonical_code, is_span

    if is_span(text):
        return canonical_code(text)
    try:
        return _period(text)
    except UsageError as error:
        raise UsageError("bad-period-or-span", text=repr(text)) from error


# ---------------------------------------------------------------- acting for an account (--as)


def _login(args: argparse.Namespace):
    """The account named by --as, once its password is right; NotAllowed (nothing done) otherwise."""
    from storage.accounts import LOCK_TIME, MAX_FAILED_LOGINS, authenticate, normalise_username

    name = normalise_username(args.as_user)
    if not name:
        raise UsageError("no-username")
    prompt = _t(args, "cli.prompt.password_of", name=name)
    password = os.environ.get(PASSWORD_ENV) or _read_password(args, None, prompt=prompt, confirm=False)
    if not password:  # no attempt made: a script that forgot the password does not count towards a lock-out
        raise UsageError("no-password", name=name, env=PASSWORD_ENV)
    user = authenticate(_engine(), name, password)
    if user is None:
        minutes = int(LOCK_TIME.total_seconds() // 60)
        raise NotAllowed("login-failed", name=name, tries=MAX_FAILED_LOGINS, minutes=minutes)
    return user


def _account(args: argparse.Namespace):
    """The --as account (storage.accounts.User), or None: the server's operator, with every right."""
    return getattr(args, "user", None)


def _by(args: argparse.Namespace) -> str | None:
    """Who acted, for the audit log: the --as account's name; None for the server's operator."""
    user = _account(args)
    return user.username if user is not None else None


def _refused(user, asked: dict[str, Any], why: dict[str, Any]) -> NotAllowed:
    """The refusal of `asked` (a term of i18n/cli.py) to `user`, saying who, what and why."""
    role = term(f"role.{user.role}", unit=user.unit_code or "")
    return NotAllowed("not-allowed", name=user.username, role=role, asked=asked, why=why)


def _why_outside(user, clerk_why: str) -> dict[str, Any]:
    """Why a unit is out of this account's reach: a clerk's own school (`clerk_why`), or a ward's account's ward."""
    if own_unit(user) is not None:
        return term(clerk_why, unit=own_unit(user))
    return term("cli.why.own_ward", ward=own_ward(user))


def _reach_check(
    args: argparse.Namespace, unit: str, asked: dict[str, Any], clerk_why: str = "cli.why.own_unit"
) -> None:
    """Refuse (NotAllowed) and audit naming a school outside the account's reach; nothing of it is read."""
    if not may_see(_account(args), unit):
        raise _outside(args, asked, _why_outside(_account(args), clerk_why), unit_code=unit)


def _outside(args: argparse.Namespace, asked: dict[str, Any], why: dict[str, Any], **named: Any) -> NotAllowed:
    """The refusal of `asked` outside the account's reach, once the attempt is written to the audit log."""
    from storage import audit

    user = _account(args)
    unit = named.pop("unit_code", None)
    detail = {"via": "cli", "command": args.command, "ward": own_ward(user), "own_unit": own_unit(user), **named}
    audit.record(_engine(), "scope-refused", username=user.username, unit_code=unit, detail=detail)
    return _refused(user, asked, why)


def _own_ward_or_refuse(args: argparse.Namespace, ward: str | None, asked: dict[str, Any]) -> str | None:
    """The ward a command acts on: a ward's account's own (another named is refused and audited), else `ward`."""
    mine = own_ward(_account(args))
    if mine is None:
        return ward
    if ward and ward.strip().casefold() != mine.casefold():
        raise _outside(args, asked, _why_outside(_account(args), "cli.why.own_unit"), other_ward=ward)
    return mine


def _reach(args: argparse.Namespace) -> list[str] | None:
    """The unit codes the account reaches (a clerk's school, a ward's schools); None: every unit."""
    user = _account(args)
    if own_unit(user) is not None:
        return [own_unit(user)]
    return sorted(user.ward_units) if own_ward(user) is not None else None


def _require(args: argparse.Namespace, action: str, asked: dict[str, Any], why: dict[str, Any] | None = None) -> None:
    """Refuse `asked` unless the account may do `action` (core.permissions); the operator always may."""
    user = _account(args)
    if not may(user, action):
        raise _refused(user, asked, why or term("cli.why.admin_only"))


# ---------------------------------------------------------------- units


def cmd_units_import(args: argparse.Namespace) -> int:
    from loaders.units import read_units
    from storage.registry import upsert_units

    _require(args, ADMINISTER, term("cli.asked.units_import", file=args.file))
    path = Path(args.file)
    if not path.is_file():
        raise UsageError("no-file", path=str(path))
    units, problems = read_units(path.read_bytes(), path.name)
    for p in problems:
        where = translate("where.row", args.lang, row=p.row) if p.row else _t(args, "cli.units.whole_file")
        print(f"{p.severity.upper()} {path.name} {where} [{p.column or ''}] {describe(p, args.lang)}", file=sys.stderr)
    if any(p.is_error for p in problems):
        print(_t(args, "cli.units.rejected"), file=sys.stderr)
        return EXIT_REJECTED
    try:
        added, updated = upsert_units(_engine(), units, by=_by(args), within_ward=own_ward(_account(args)))
    except ValueError as refused:  # a closed quarter's schools would change
        print(_say(refused, args.lang), file=sys.stderr)
        return EXIT_REJECTED
    unchanged = len(units) - added - updated
    print(_t(args, "cli.units.imported", units=len(units), added=added, updated=updated, unchanged=unchanged))
    return EXIT_OK


def cmd_units_list(args: argparse.Namespace) -> int:
    from storage.registry import list_units

    units = list_units(_engine())
    if args.json:
        print(json.dumps(units, ensure_ascii=False, indent=2, default=str))
    else:
        for unit in units:
            print(f"{unit['unit_code']:<10} {unit['unit_name']:<45} {unit['level'] or '':<10} {unit['ward'] or ''}")
    return EXIT_OK


# ---------------------------------------------------------------- ingest


def _check_files(files: list[str]) -> None:
    """Every path exists and at least one spreadsheet is among them (folders expanded); UsageError otherwise."""
    from pipeline.ingest import expand_paths

    missing = [p for p in files if not Path(p).exists()]
    if missing:
        raise UsageError("not-found", paths=missing)
    if not expand_paths(files):
        raise UsageError("no-workbook")


def cmd_ingest(args: argparse.Namespace) -> int:
    from pipeline.ingest import ingest_paths

    # A viewer is refused before any file is read.
    _require(args, SUBMIT, term("cli.asked.ingest", files=args.files), term("cli.why.read_only"))
    _check_files(args.files)
    received_at = _received_at(args) if args.received_at else None
    results = ingest_paths(_engine(), args.files, received_at=received_at, submitter=_account(args))
    if args.json:
        print(json.dumps([r.as_json(args.lang) for r in results], ensure_ascii=False, indent=1, default=str))
    else:
        _print_ingest(args, results)
    return EXIT_OK if all(r.accepted for r in results) else EXIT_REJECTED


def _received_at(args: argparse.Namespace) -> datetime:
    """The back-filled received day: an administrator's (or the operator's) only, never a future one."""
    from pipeline.submitter import received_on

    _require(args, ADMINISTER, term("cli.asked.received_at"), term("cli.why.received_day"))
    day = _day(args.received_at)
    try:
        return received_on(day)
    except Refusal as error:  # a day still to come: a mistyped argument
        raise UsageError("as-said", why=_term_of(error)) from error


def _print_problems(args: argparse.Namespace, problems) -> None:
    for p in problems:
        where = p.where(args.lang)
        label = _t(args, "cli.ingest.error" if p.is_error else "cli.ingest.warning")
        print(f"    {label}{' (' + where + ')' if where else ''}: {describe(p, args.lang)}")


def _print_ingest(args: argparse.Namespace, results) -> None:
    lang = args.lang
    for result in results:
        report = result.report
        if result.accepted:
            counts = report.counts()
            note = _t(args, "cli.ingest.replaced") if result.replaced else ""
            quarter = fmt.quarter(report.period, locale=lang)
            print(_t(args, "cli.ingest.accepted", file=result.file, unit=report.unit_code, quarter=quarter, note=note,
                     **counts))  # fmt: skip
        else:
            print(_t(args, "cli.ingest.rejected", file=result.file))
        _print_problems(args, report.problems)
    accepted = sum(r.accepted for r in results)
    print(_t(args, "cli.ingest.total", accepted=accepted, files=len(results), rejected=len(results) - accepted))


# ---------------------------------------------------------------- summary


def cmd_summary(args: argparse.Namespace) -> int:
    from core.catalogs import default_catalogs
    from metrics.summary import period_summary, with_plan_completion
    from metrics.views import restrict_units
    from pipeline.plans import plan_completion_table
    from storage.frames import load_frames

    period = _period_or_span(args.period)
    frames = load_frames(_engine(), [period])
    user, unit, reach = _account(args), own_unit(_account(args)), _reach(args)
    if reach is not None:  # a clerk's school, a ward's schools: their figures only, as the pages show them
        frames = restrict_units(frames, reach)
    summary = with_plan_completion(
        period_summary(frames, default_catalogs(), period), plan_completion_table(_engine(), period, frames.tasks)
    )
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        if unit is not None:
            print(_t(args, "cli.summary.own_unit", unit=unit, name=user.username))
        elif reach is not None:
            print(_t(args, "cli.summary.own_ward", ward=own_ward(user), name=user.username))
        _print_summary(args, summary)
    return EXIT_OK


def _print_summary(args: argparse.Namespace, s: dict) -> None:
    from core.periods import is_span

    lang = args.lang

    def percent(value: float | None) -> str:
        return fmt.percent(value, locale=lang)

    def number(value: float | None, decimals: int = 0) -> str:
        return fmt.number(value, decimals, locale=lang)

    sub, overall = s["submission"], s["overall"]
    print(_t(args, "cli.summary.title", quarter=fmt.quarter(s["period"], locale=lang).upper()))
    reports = "cli.summary.reports_span" if is_span(s["period"]) else "cli.summary.reports"  # unit-quarters
    print(_t(args, reports, submitted=sub["submitted"], expected=sub["expected"],
             rate=percent(sub["rate"]), on_time=sub["on_time"], on_time_rate=percent(sub["on_time_rate"])))  # fmt: skip
    print(_t(args, "cli.summary.tasks", done=number(overall["done"]), tasks=number(overall["tasks"]),
             completion_rate=percent(overall["completion_rate"]), on_time_rate=percent(overall["on_time_rate"]),
             overdue=number(overall["overdue"])))  # fmt: skip
    print(_t(args, "cli.summary.scores", satisfaction=percent(overall["satisfaction"]),
             par_score=number(overall["par_score"], 2)))  # fmt: skip
    if overall.get("plan_completion") is not None:
        print(_t(args, "cli.summary.plan", plan_completion=percent(overall["plan_completion"])))
    print()
    rank, code, unit_name, done, on_time, overdue = (
        _t(args, f"cli.summary.col.{c}") for c in ("rank", "code", "unit", "done", "on_time", "overdue")
    )
    print(f"{rank:>6}  {code:<8} {unit_name:<40} {done:>11} {on_time:>9} {overdue:>8}")
    not_reported = _t(args, "cli.summary.not_reported")
    for unit in s["units"]:
        if not unit["reported"]:
            print(f"{'':>6}  {unit['unit_code']:<8} {unit['unit_name'][:40]:<40} {not_reported:>30}")
            continue
        place = f"{unit['rank']}/{unit['rank_of']}" if unit["rank"] else ""
        print(
            f"{place:>6}  {unit['unit_code']:<8} {unit['unit_name'][:40]:<40} {percent(unit['completion_rate']):>11}"
            f" {percent(unit['on_time_rate']):>9} {number(unit['overdue']):>8}"
        )


# ---------------------------------------------------------------- export


def cmd_export(args: argparse.Namespace) -> int:
    from core.periods import same_kind
    from pipeline.export import write_summary_report

    _require(args, READ_OFFICE, term("cli.asked.export", text=args.period), term("cli.why.office_report"))
    period, compare = _period_or_span(args.period), _period_or_span(args.compare) if args.compare else None
    if compare and not same_kind(period, compare):
        raise UsageError("compare-other-kind", period=period, compare=compare)
    out, csv_dir = Path(args.out), Path(args.csv_dir) if args.csv_dir else None
    if out.suffix.lower() != ".xlsx":
        raise UsageError("report-not-xlsx")
    user = _account(args)
    who = {"username": user.username, "unit_code": user.unit_code} if user else {}
    ward = _own_ward_or_refuse(args, args.ward, term("cli.asked.export", text=args.period))
    scope = {"compare": compare, "level": args.level, "ward": ward}
    try:
        write_summary_report(_engine(), period, out, csv_dir=csv_dir, **scope, **who)
    except ValueError as error:  # an unknown level, an unusable office file, nothing to export in the scope
        raise UsageError("as-said", why=_term_of(error)) from error
    print(_t(args, "cli.export.written", quarter=fmt.quarter(period, locale=args.lang), out=out))
    if csv_dir:
        print(_t(args, "cli.export.csv_written", folder=csv_dir))
    return EXIT_OK


# ---------------------------------------------------------------- other commands


def cmd_template(args: argparse.Namespace) -> int:
    from loaders.template import plan_template_bytes, write_template

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise UsageError("template-not-xlsx")
    if args.plan:
        out.write_bytes(plan_template_bytes())
        print(_t(args, "cli.template.plan_written", out=out))
        return EXIT_OK
    if args.unit or args.period:
        return _unit_template(args, out)
    write_template(out)
    print(_t(args, "cli.template.written", out=out))
    return EXIT_OK


def _unit_template(args: argparse.Namespace, out: Path) -> int:
    """A unit's report workbook for a quarter, its tasks filled from the unit's plan."""
    from pipeline.plans import quarter_template
    from storage.registry import unit_registry

    if not (args.unit and args.period):
        raise UsageError("unit-template-needs-both")
    unit, period = args.unit.strip().upper(), _period(args.period)
    _reach_check(args, unit, term("cli.asked.plan_show", unit=unit))
    names = unit_registry(_engine())
    if unit not in names:
        raise UsageError("unknown-unit", unit=unit)
    out.write_bytes(quarter_template(_engine(), unit, names[unit], period))
    print(_t(args, "cli.template.unit_written", out=out, unit=unit, quarter=fmt.quarter(period, locale=args.lang)))
    return EXIT_OK


# ---------------------------------------------------------------- plans


_AGGREGATE_COLUMNS = ("expected", "submitted", "submission_rate", "tasks", "done", "completion_rate", "on_time_rate",
                      "overdue", "satisfaction", "par_score")  # fmt: skip


def _cell(value: Any, lang: str) -> str:
    if value is None:
        return "–"
    return fmt.number(value, 1, locale=lang) if isinstance(value, float) else str(value)


def cmd_aggregate(args: argparse.Namespace) -> int:
    """A quarter's figures per school, ward, level or for the whole office, summed by the database itself
    (storage.aggregates): what a national installation asks instead of loading every row."""
    from storage import aggregates

    period, user = _period(args.period), _account(args)
    asked = term("cli.asked.aggregate", text=args.period)
    _require(args, READ_OFFICE, asked, term("cli.why.office_report"))
    reach = _reach(args)
    if reach is not None and args.by in ("level", "office"):  # a ward's account: its schools, or its ward's row
        raise _refused(user, asked, _why_outside(user, "cli.why.own_unit"))
    if args.by == "unit":
        table = aggregates.unit_quarter_summary(_engine(), period)
        key = "unit_code"
    else:
        keys = {"ward": ("ward",), "level": ("level",), "office": ()}[args.by]
        table = aggregates.group_quarter_summary(_engine(), period, keys)
        key = keys[0] if keys else None
    if reach is not None:
        table = (
            table.loc[table["unit_code"].isin(reach)]
            if args.by == "unit"
            else table.loc[table["ward"].eq(own_ward(user))]
        )
    records = json.loads(table.to_json(orient="records", force_ascii=False))
    if args.json:
        print(json.dumps(records, ensure_ascii=False, indent=1))
        return EXIT_OK
    shown = [c for c in _AGGREGATE_COLUMNS if c in table.columns]
    print("\t".join([key or "", *shown]))
    for row in records:
        cells = [_cell(row[c], args.lang) for c in shown]
        print("\t".join([str(row.get(key, "")) if key else _t(args, "cli.aggregate.office"), *cells]))
    return EXIT_OK


def cmd_quality(args: argparse.Namespace) -> int:
    from pipeline.quality import as_records, quarter_quality

    period, user, reach = _period(args.period), _account(args), _reach(args)
    flags = quarter_quality(_engine(), period, unit_code=own_unit(user))  # a clerk: their school's
    if reach is not None:  # a ward's account: its schools' flags
        flags = flags.loc[flags["unit_code"].isin(reach)]
    found = as_records(flags)
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=1, default=str))
        return EXIT_OK
    if not found:
        print(_t(args, "cli.quality.none", quarter=fmt.quarter(period, locale=args.lang)))
    for flag in found:
        kind, state = _t(args, f"quality.label.{flag['kind']}"), _t(args, f"quality.state.{flag['state']}")
        score = "" if flag["score"] is None else fmt.number(flag["score"], 1, locale=args.lang)
        value = "" if flag["value"] is None else fmt.number(flag["value"], 4, locale=args.lang).rstrip("0").rstrip(",.")
        print(f"{flag['unit']:<8} {kind:<34} {flag['item'] or '–':<26} {value:>10} {flag['reference'] or ''!s:>10}"
              f" {score:>7}  {state}")  # fmt: skip
    return EXIT_OK


def cmd_continuity(args: argparse.Namespace) -> int:
    from metrics.continuity import as_records
    from pipeline.plans import continuity_list

    period, reach = _period_or_span(args.period), _reach(args)
    found = continuity_list(_engine(), period)
    if reach is not None:  # a clerk: their school's list only; a ward's account: its schools'
        found = found.loc[found["unit_code"].isin(reach)]
    lines = as_records(found)
    if args.json:
        print(json.dumps(lines, ensure_ascii=False, indent=1))
        return EXIT_OK
    if not lines:
        print(_t(args, "cli.continuity.none", quarter=fmt.quarter(period, locale=args.lang)))
    for line in lines:
        kind = _t(args, f"cli.continuity.{line['kind']}")
        print(f"{line['unit']:<8} {kind:<24} {line['task'] or '–':<16} {line['content']}")
    return EXIT_OK


def cmd_plan_import(args: argparse.Namespace) -> int:
    from pipeline.plans import import_plan_paths

    _require(args, SUBMIT, term("cli.asked.plan_import", files=args.files), term("cli.why.read_only"))
    _check_files(args.files)
    results = import_plan_paths(_engine(), args.files, submitter=_account(args))
    if args.json:
        print(json.dumps([r.as_json(args.lang) for r in results], ensure_ascii=False, indent=1, default=str))
        return EXIT_OK if all(r.accepted for r in results) else EXIT_REJECTED
    for result in results:
        plan = result.plan
        if result.accepted:
            note = _t(args, "cli.ingest.replaced") if result.replaced else ""
            print(_t(args, "cli.plan.accepted", file=result.file, unit=plan.unit_code, year=plan.year,
                     tasks=len(plan.tasks), note=note))  # fmt: skip
        else:
            print(_t(args, "cli.ingest.rejected", file=result.file))
        _print_problems(args, plan.problems)
    accepted = sum(r.accepted for r in results)
    print(_t(args, "cli.ingest.total", accepted=accepted, files=len(results), rejected=len(results) - accepted))
    return EXIT_OK if accepted == len(results) else EXIT_REJECTED


def cmd_plan_show(args: argparse.Namespace) -> int:
    from storage.plans import current_plan

    unit = args.unit.strip().upper()
    _reach_check(args, unit, term("cli.asked.plan_show", unit=unit))
    plan = current_plan(_engine(), unit, args.year)
    if args.json:
        print(json.dumps(plan, ensure_ascii=False, indent=1, default=str))
        return EXIT_OK
    if plan is None:
        print(_t(args, "cli.plan.none", unit=unit, year=args.year))
        return EXIT_OK
    print(_t(args, "cli.plan.header", unit=unit, year=args.year, number=plan.get("number") or "–",
             tasks=len(plan["tasks"])))  # fmt: skip
    for task in plan["tasks"]:
        print(f"  {task['code']:<16} {task['field']:<9} {task['deadline']:<24} {task['content']}")
    return EXIT_OK


def cmd_plan_propose(args: argparse.Namespace) -> int:
    """The plan rows a Word document proposes: printed, or written as a plan workbook; nothing stored."""
    from loaders.docx_plan import propose_plan
    from loaders.template import plan_template_bytes

    path = Path(args.file)
    if not path.is_file():
        raise UsageError("not-found", paths=[args.file])
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() != ".xlsx":
        raise UsageError("template-not-xlsx")
    proposal = propose_plan(path.read_bytes(), path.name, year=args.year)
    if out is not None and not proposal.refused:
        rows = [row.as_plan_row() for row in proposal.rows]
        out.write_bytes(plan_template_bytes(year=proposal.year, tasks=rows, number=proposal.number,
                                            issued_on=proposal.issued_on))  # fmt: skip
    if args.json:
        print(json.dumps(proposal.as_json(args.lang), ensure_ascii=False, indent=1))
        return EXIT_REJECTED if proposal.refused else EXIT_OK
    if proposal.refused:
        print(_t(args, "cli.ingest.rejected", file=path.name))
    else:
        dated = sum(row.due is not None for row in proposal.rows)
        print(_t(args, "cli.plan.proposed", file=path.name, year=proposal.year, tasks=len(proposal.rows), dated=dated))
        for row in proposal.rows:
            print(f"  {row.field or '–':<9} {row.deadline or '–':<24} {row.content}")
    _print_problems(args, proposal.problems)
    if out is not None and not proposal.refused:
        print(_t(args, "cli.plan.proposal_written", out=out))
    return EXIT_REJECTED if proposal.refused else EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    from storage.submissions import submission_history

    unit = args.unit.strip().upper()
    _reach_check(args, unit, term("cli.asked.history", unit=unit))
    period = _period(args.period) if args.period else None
    rows = submission_history(_engine(), unit, period)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
        return EXIT_OK
    if not rows:
        print(_t(args, "cli.history.none"))
    for row in rows:
        state = _t(args, "cli.history.current" if row["is_current"] else "cli.history.replaced")
        print(
            f"#{row['id']:<6} {fmt.quarter(row['period'], locale=args.lang):<13} "
            f"{fmt.moment(row['received_at'], locale=args.lang)}  {state:<9} {row['file_name']}"
        )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from storage.governance import ReportLocked
    from storage.submissions import restore_submission

    number = str(args.submission_id)
    _require(args, ADMINISTER, term("cli.asked.restore", id=number))
    if _reach(args) is not None:
        from storage.submissions import submission_unit

        unit = submission_unit(_engine(), args.submission_id)
        if unit is None:
            raise UsageError("no-such-report", id=number)
        _reach_check(args, unit, term("cli.asked.restore", id=number))
    try:
        restore_submission(_engine(), args.submission_id, by=_by(args))
    except ReportLocked as error:  # approved, or its quarter closed: a refusal, not a usage error
        print(f"cli.py: {_say(error, args.lang)}", file=sys.stderr)
        return EXIT_REJECTED
    except KeyError as error:
        raise UsageError("no-such-report", id=number) from error
    except (LookupError, ValueError) as error:  # not this office's to restore
        raise UsageError("restore-failed", id=number, why=_term_of(error)) from error
    print(_t(args, "cli.restore.done", id=number))
    return EXIT_OK


def cmd_deadline(args: argparse.Namespace) -> int:
    from storage.registry import DeadlineRefused, set_deadline

    asked = term("cli.asked.deadline", text=args.period)
    _require(args, ADMINISTER, asked)
    ward = _own_ward_or_refuse(args, args.ward.strip() if args.ward else None, asked)
    period, deadline = _period(args.period), _day(args.date)
    try:
        set_deadline(_engine(), period, deadline, by=_by(args), ward=ward)
    except DeadlineRefused as refused:
        raise UsageError("deadline-refused", why=_term_of(refused)) from refused
    lang = args.lang
    print(_t(args, "cli.deadline.set", quarter=fmt.quarter(period, locale=lang), day=fmt.day(deadline, locale=lang))
          + (_t(args, "cli.users.of_ward", ward=ward) if ward else ""))  # fmt: skip
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from core.settings import data_dir
    from demo.accounts import ensure_demo_accounts
    from demo.load import load_demo
    from storage.submissions import is_empty

    _require(args, ADMINISTER, term("cli.asked.demo"))
    engine = _engine()
    loading = is_empty(engine)
    print(load_demo(engine, lang=args.lang))
    # Demo logins only beside the demo's own data: never on a database that held reports already.
    print(ensure_demo_accounts(engine, data_dir() / "demo-accounts.txt", create=loading, lang=args.lang))
    return EXIT_OK


# ---------------------------------------------------------------- audit


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """Walk the audit log's hash chain: exit 0 when whole, 1 at the first line changed, missing or slipped in."""
    from storage.audit import verify

    _require(args, ADMINISTER, term("cli.asked.audit"))
    check = verify(_engine(), expect=_expected_line(args.expect) if args.expect else None)
    message = _chain_message(args, check)
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
        raise UsageError("bad-expect", text=repr(text))
    return int(line_id), digest


def _chain_message(args: argparse.Namespace, check) -> str:
    """What `audit verify` found, in words."""
    from storage.audit import CHANGED, INSERTED, MISSING

    lines = fmt.number(check.lines, locale=args.lang)
    if check.whole:
        if check.last_id is None:
            return _t(args, "cli.audit.empty")
        return _t(args, "cli.audit.whole", lines=lines, id=check.last_id, hash=check.last_hash)
    at, other = check.broken_at, check.other_id
    if check.reason == CHANGED:
        why = _t(args, "cli.audit.changed", at=at)
    elif check.reason == MISSING:
        why = _t(args, "cli.audit.missing", at=at, other=other)
    elif check.reason == INSERTED and other is None:
        why = _t(args, "cli.audit.inserted", at=at)
    elif check.reason == INSERTED:
        why = _t(args, "cli.audit.inserted_beside", at=at, other=other)
    else:  # REWRITTEN: the lines before it agree with one another, but may be rewritten too
        return _t(args, "cli.audit.rewritten", at=at)
    return _t(args, "cli.audit.broken", why=why, lines=lines)


# ---------------------------------------------------------------- evidence


def cmd_evidence_add(args: argparse.Namespace) -> int:
    from pipeline.evidence import add_files, refusal_to_change
    from storage.evidence import Target

    unit, user = args.unit.strip().upper(), _account(args)
    asked = term("cli.asked.evidence_add", unit=unit)
    _require(args, SUBMIT, asked, term("cli.why.read_only"))
    _reach_check(args, unit, asked, "cli.why.own_unit_evidence")  # another school or ward: nothing read
    if refusal_to_change(user, unit) is not None:
        raise _refused(user, asked, term("cli.why.read_only"))
    missing = [p for p in args.files if not Path(p).is_file()]
    if missing:
        raise UsageError("not-found", paths=missing)
    target = Target(field=args.field, criterion=args.criterion, task_code=args.task)
    results = add_files(_engine(), unit, args.year, args.files, target, user)
    if args.json:
        print(json.dumps([r.as_json(args.lang) for r in results], ensure_ascii=False, indent=1))
    else:
        for result in results:
            line = "cli.evidence.accepted" if result.accepted else "cli.evidence.rejected"
            print(_t(args, line, file=result.file, message=result.message(args.lang)))
        accepted = sum(r.accepted for r in results)
        print(_t(args, "cli.evidence.total", accepted=accepted, files=len(results), rejected=len(results) - accepted))
    return EXIT_OK if all(r.accepted for r in results) else EXIT_REJECTED


def cmd_par_show(args: argparse.Namespace) -> int:
    from pipeline.appraisal import year_sheet

    unit = args.unit.strip().upper()
    _reach_check(args, unit, term("cli.asked.par_show", unit=unit), "cli.why.own_unit_par")
    sheet = year_sheet(_engine(), unit, args.year)
    items = [{k: (None if v != v else v) for k, v in row.items()} for row in sheet.items.to_dict("records")]  # NaN→null
    answer = {"unit": unit, "year": args.year, "state": sheet.state, "report": sheet.period,
              "framework": sheet.framework.source, "totals": sheet.totals, "items": items}  # fmt: skip
    if args.json:
        print(json.dumps(answer, ensure_ascii=False, indent=1, default=str))
        return EXIT_OK
    print(_t(args, "cli.par.header", unit=unit, year=args.year, state=_t(args, f"par.year.state.{sheet.state}")))
    for row in items:
        flag = "⚠" if row["unsupported"] else " "
        print(f"{flag} {row['item']:<12} {fmt.number(row['self_points'], 2, locale=args.lang):>7}"
              f" → {fmt.number(row['appraised_points'], 2, locale=args.lang):>7}  {row['reason'] or ''}")  # fmt: skip
    totals, lang = sheet.totals, args.lang
    points = {key: fmt.number(totals[key], 2, locale=lang) for key in ("self", "final")}
    print(_t(args, "cli.par.totals", **points, score=fmt.percent(totals["score"], locale=lang)))
    return EXIT_OK


def cmd_par_export(args: argparse.Namespace) -> int:
    from core.catalogs import default_catalogs
    from core.office import load_office
    from exports.par import appraisal_workbook, ranking_workbook
    from metrics.views import par_year_table, restrict_units
    from pipeline.appraisal import year_sheet
    from storage.frames import load_frames
    from storage.par_appraisal import year_states
    from storage.registry import list_units

    _require(args, READ_OFFICE, term("cli.asked.par_export", year=args.year), term("cli.why.office_report"))
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise UsageError("report-not-xlsx")
    engine, office = _engine(), load_office()
    if args.unit:
        unit = args.unit.strip().upper()
        _reach_check(args, unit, term("cli.asked.par_export", year=args.year), "cli.why.own_unit_par")
        names = {u["unit_code"]: u["unit_name"] for u in list_units(engine)}
        if unit not in names:
            raise UsageError("unknown-unit", unit=unit)
        sheet = year_sheet(engine, unit, args.year)
        content = appraisal_workbook(sheet.items, names[unit], args.year, office, sheet.state)
    else:
        frames = load_frames(engine, [str(args.year)], task_texts=False)
        if _reach(args) is not None:  # a clerk's school, a ward's schools
            frames = restrict_units(frames, _reach(args))
        table = par_year_table(frames, default_catalogs(), args.year)
        content = ranking_workbook(table, default_catalogs(), year_states(engine, args.year), args.year, office)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(content)
    print(_t(args, "cli.par.written", year=args.year, out=out))
    return EXIT_OK


def cmd_evidence_list(args: argparse.Namespace) -> int:
    from pipeline.evidence import list_files

    unit, user = args.unit.strip().upper(), _account(args)
    _reach_check(args, unit, term("cli.asked.evidence_list", unit=unit), "cli.why.own_unit_evidence")
    files = list_files(_engine(), unit, args.year, user)
    if args.json:
        print(json.dumps(files, ensure_ascii=False, indent=1, default=str))
        return EXIT_OK
    if not files:
        print(_t(args, "cli.evidence.none", unit=unit, year=args.year))
        return EXIT_OK
    _print_evidence(args, unit, files)
    return EXIT_OK


def _print_evidence(args: argparse.Namespace, unit: str, files: list[dict[str, Any]]) -> None:
    from core.filetypes import shown_size

    lang = args.lang
    total = show(shown_size(sum(f["size"] for f in files)), lang)
    print(_t(args, "cli.evidence.header", unit=unit, year=args.year, count=len(files), size=total))
    for f in files:
        target = f["criterion"] or f["field"] or f["task"]
        kind = _t(args, f"evidence.kind.{f['kind']}")
        print(
            f"#{f['id']:<5} {target:<16} {kind:<24} {show(shown_size(f['size']), lang):>9}  "
            f"{fmt.moment(f['added_at'], locale=lang)}  {f['added_by'] or '–':<16} {f['file_name']}"
        )


def _evidence_link(args: argparse.Namespace, allowed, asked: dict[str, Any]) -> dict[str, Any]:
    """The live link `args.id` names, once the account passes `allowed(user, unit)`; NotAllowed otherwise."""
    from storage.evidence import evidence_link

    link, user = evidence_link(_engine(), args.id), _account(args)
    _reach_check(args, link["unit_code"], asked, "cli.why.own_unit_evidence")
    if not allowed(user, link["unit_code"]):
        raise _refused(user, asked, term("cli.why.read_only"))
    return link


def cmd_evidence_remove(args: argparse.Namespace) -> int:
    from pipeline.evidence import refusal_to_change, remove_file

    asked = term("cli.asked.evidence_remove", id=str(args.id))
    _require(args, SUBMIT, asked, term("cli.why.read_only"))
    _evidence_link(args, lambda user, unit: refusal_to_change(user, unit) is None, asked)
    remove_file(_engine(), args.id, _account(args))
    print(_t(args, "cli.evidence.removed", id=args.id))
    return EXIT_OK


def cmd_evidence_get(args: argparse.Namespace) -> int:
    from pipeline.evidence import fetch_file

    link = _evidence_link(args, may_see, term("cli.asked.evidence_get", id=str(args.id)))
    _name, kind, content = fetch_file(_engine(), link["id"], _account(args))
    out = Path(args.out)
    out.write_bytes(content)
    print(_t(args, "cli.evidence.written", id=args.id, kind=_t(args, f"evidence.kind.{kind}"), out=out))
    return EXIT_OK


# ---------------------------------------------------------------- users


def _read_password(
    args: argparse.Namespace, given: str | None, *, prompt: str | None = None, confirm: bool = True
) -> str:
    """`given`, else typed at a terminal (twice when `confirm`), else the next line of stdin (a pipe)."""
    if given is not None:
        return given
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        first = getpass.getpass(prompt or _t(args, "cli.prompt.password"))
        if confirm and getpass.getpass(_t(args, "cli.prompt.password_again")) != first:
            raise UsageError("passwords-differ")
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.rstrip("\r\n")


def _account_call(args: argparse.Namespace, function, *call_args, **kwargs):
    """Run an accounts function: bad input is a usage error, a refusal exits 1 (None answered)."""
    from storage.accounts import AccountInputError, AccountRefused

    try:
        return True, function(*call_args, **kwargs)
    except AccountInputError as error:
        raise UsageError("as-said", why=_term_of(error)) from error
    except AccountRefused as error:
        print(f"cli.py: {_say(error, args.lang)}", file=sys.stderr)
        return False, None


def cmd_users_add(args: argparse.Namespace) -> int:
    from core.vocabulary import ROLES
    from storage.accounts import add_user

    _require(args, ADMINISTER, term("cli.asked.users_add", name=args.username))
    if args.role not in ROLES:  # before asking for a password
        raise UsageError("bad-role", text=repr(args.role), roles=list(ROLES))
    password = _read_password(args, args.password)
    done, _ = _account_call(
        args,
        add_user,
        _engine(),
        args.username,
        password,
        args.role,
        unit_code=args.unit,
        display_name=args.name,
        ward=args.ward,
        by=_by(args),
        within_ward=own_ward(_account(args)),
    )
    if not done:
        return EXIT_REJECTED
    unit = _t(args, "cli.users.of_unit", unit=args.unit.strip().upper()) if args.unit else ""
    unit += _t(args, "cli.users.of_ward", ward=args.ward.strip()) if args.ward else ""
    print(_t(args, "cli.users.added", name=args.username.strip().lower(), role=args.role, unit=unit))
    return EXIT_OK


def cmd_users_list(args: argparse.Namespace) -> int:
    from storage.accounts import list_users
    from storage.audit import wall_clock

    _require(args, ADMINISTER, term("cli.asked.users_list"))
    accounts, now = list_users(_engine(), within_ward=own_ward(_account(args))), wall_clock()
    if args.json:
        print(json.dumps(accounts, ensure_ascii=False, indent=2, default=str))
        return EXIT_OK
    if not accounts:
        print(_t(args, "cli.users.none"))
    for account in accounts:
        state = _t(args, "cli.users.active" if account["active"] else "cli.users.disabled")
        if account["active"] and account["locked_until"] is not None and account["locked_until"] > now:
            state += _t(args, "cli.users.locked", until=fmt.moment(account["locked_until"], locale=args.lang))
        print(
            f"{account['username']:<20} {account['role']:<7} {account['unit_code'] or account['ward'] or '':<10} "
            f"{account['display_name'] or '':<30} {state}"
        )
    return EXIT_OK


def _switch_account(args: argparse.Namespace, call, act: str) -> int:
    """Disable or enable `args.username` (an administrator's act, `act` disable or enable); say whether it changed."""
    _require(args, ADMINISTER, term(f"cli.asked.users_{act}", name=args.username))
    done, changed = _account_call(args, call, _engine(), args.username, by=_by(args),
                                  within_ward=own_ward(_account(args)))  # fmt: skip
    if not done:
        return EXIT_REJECTED
    name = args.username.strip().lower()
    print(_t(args, f"cli.users.{act}d_now" if changed else f"cli.users.already_{act}d", name=name))
    return EXIT_OK


def cmd_users_disable(args: argparse.Namespace) -> int:
    from storage.accounts import disable_user

    return _switch_account(args, disable_user, "disable")


def cmd_users_enable(args: argparse.Namespace) -> int:
    from storage.accounts import enable_user

    return _switch_account(args, enable_user, "enable")


def cmd_users_ward(args: argparse.Namespace) -> int:
    from storage.accounts import set_ward

    _require(args, ADMINISTER, term("cli.asked.users_ward", name=args.username))
    ward = None if args.whole else args.ward
    done, changed = _account_call(args, set_ward, _engine(), args.username, ward, by=_by(args),
                                  within_ward=own_ward(_account(args)))  # fmt: skip
    if not done:
        return EXIT_REJECTED
    from storage.accounts import get_user

    name = args.username.strip().lower()
    ward = get_user(_engine(), name).ward  # as the registry spells it
    key = ("cli.users.ward_now" if changed else "cli.users.ward_already") + ("_whole" if ward is None else "")
    print(_t(args, key, name=name, ward=ward))
    return EXIT_OK


def cmd_users_reset_password(args: argparse.Namespace) -> int:
    from storage.accounts import reset_password

    _require(args, ADMINISTER, term("cli.asked.users_reset", name=args.username))
    password = _read_password(args, args.password)
    done, _ = _account_call(args, reset_password, _engine(), args.username, password, by=_by(args),
                            within_ward=own_ward(_account(args)))  # fmt: skip
    if not done:
        return EXIT_REJECTED
    print(_t(args, "cli.users.password_reset", name=args.username.strip().lower()))
    return EXIT_OK


# ---------------------------------------------------------------- parser


def build_parser(lang: str = DEFAULT_LANGUAGE) -> argparse.ArgumentParser:
    """The commands and their options, helped in `lang`."""

    def h(key: str, **params: object) -> str:
        return translate(f"cli.help.{key}", lang, **params)

    parser = argparse.ArgumentParser(prog="cli.py", description=h("description"))
    parser.add_argument("--as", dest="as_user", metavar="USERNAME", help=h("as", env=PASSWORD_ENV))
    parser.add_argument("--lang", choices=tuple(LANGUAGES), default=lang, help=h("lang", env=LANG_ENV))
    commands = parser.add_subparsers(dest="command", required=True)

    units = commands.add_parser("units", help=h("units")).add_subparsers(dest="units_command", required=True)
    units_import = units.add_parser("import", help=h("units_import"))
    units_import.add_argument("file")
    units_import.set_defaults(handler=cmd_units_import)
    units_list = units.add_parser("list", help=h("units_list"))
    units_list.add_argument("--json", action="store_true")
    units_list.set_defaults(handler=cmd_units_list)

    ingest = commands.add_parser("ingest", help=h("ingest"))
    ingest.add_argument("files", nargs="+", metavar="FILE")
    ingest.add_argument("--json", action="store_true")
    ingest.add_argument("--received-at", metavar="YYYY-MM-DD", help=h("received_at"))
    ingest.set_defaults(handler=cmd_ingest)

    summary = commands.add_parser("summary", help=h("summary"))
    summary.add_argument("--period", required=True, metavar="2026-Q2|2026-H1|2026-9M|2026")
    summary.add_argument("--json", action="store_true")
    summary.set_defaults(handler=cmd_summary)

    template = commands.add_parser("template", help=h("template"))
    template.add_argument("out", metavar="OUT.xlsx")
    template.add_argument("--plan", action="store_true", help=h("template_plan"))
    template.add_argument("--unit", help=h("template_unit"))
    template.add_argument("--period", metavar="2026-Q2", help=h("template_period"))
    template.set_defaults(handler=cmd_template)

    aggregate = commands.add_parser("aggregate", help=h("aggregate"))
    aggregate.add_argument("--period", required=True, metavar="2026-Q2")
    aggregate.add_argument("--by", choices=("unit", "ward", "level", "office"), default="ward")
    aggregate.add_argument("--json", action="store_true")
    aggregate.set_defaults(handler=cmd_aggregate)
    quality = commands.add_parser("quality", help=h("quality"))
    quality.add_argument("--period", required=True, metavar="2026-Q2")
    quality.add_argument("--json", action="store_true")
    quality.set_defaults(handler=cmd_quality)
    continuity = commands.add_parser("continuity", help=h("continuity"))
    continuity.add_argument("--period", required=True, metavar="2026-Q2|2026-H1|2026-9M|2026")
    continuity.add_argument("--json", action="store_true")
    continuity.set_defaults(handler=cmd_continuity)

    plan = commands.add_parser("plan", help=h("plan")).add_subparsers(dest="plan_command", required=True)
    plan_import = plan.add_parser("import", help=h("plan_import"))
    plan_import.add_argument("files", nargs="+", metavar="FILE")
    plan_import.add_argument("--json", action="store_true")
    plan_import.set_defaults(handler=cmd_plan_import)
    plan_show = plan.add_parser("show", help=h("plan_show"))
    plan_show.add_argument("unit")
    plan_show.add_argument("--year", type=int, required=True)
    plan_show.add_argument("--json", action="store_true")
    plan_show.set_defaults(handler=cmd_plan_show)
    plan_propose = plan.add_parser("propose", help=h("plan_propose"))
    plan_propose.add_argument("file", metavar="FILE.docx")
    plan_propose.add_argument("--year", type=int, help=h("plan_propose_year"))
    plan_propose.add_argument("--json", action="store_true")
    plan_propose.add_argument("--out", metavar="plan.xlsx", help=h("plan_propose_out"))
    plan_propose.set_defaults(handler=cmd_plan_propose)

    history = commands.add_parser("history", help=h("history"))
    history.add_argument("unit")
    history.add_argument("--period")
    history.add_argument("--json", action="store_true")
    history.set_defaults(handler=cmd_history)

    restore = commands.add_parser("restore", help=h("restore"))
    restore.add_argument("submission_id", type=int)
    restore.set_defaults(handler=cmd_restore)

    deadline = commands.add_parser("deadline", help=h("deadline"))
    deadline.add_argument("period")
    deadline.add_argument("date")
    deadline.add_argument("--ward", metavar="WARD", help=h("deadline_ward"))
    deadline.set_defaults(handler=cmd_deadline)

    export = commands.add_parser("export", help=h("export"))
    export.add_argument("--period", required=True, metavar="2026-Q2|2026-H1|2026-9M|2026")
    export.add_argument("--out", required=True, metavar="FILE.xlsx")
    export.add_argument("--level", help=h("level"))
    export.add_argument("--ward", help=h("ward"))
    export.add_argument("--compare", metavar="2023-Q1", help=h("compare"))
    export.add_argument("--csv-dir", metavar="DIR", help=h("csv_dir"))
    export.set_defaults(handler=cmd_export)

    demo = commands.add_parser("demo", help=h("demo"))
    demo.set_defaults(handler=cmd_demo)

    users = commands.add_parser("users", help=h("users")).add_subparsers(dest="users_command", required=True)
    users_add = users.add_parser("add", help=h("users_add"))
    users_add.add_argument("username")
    users_add.add_argument("--role", required=True, help=h("role"))
    users_add.add_argument("--unit", metavar="TH01", help=h("unit"))
    users_add.add_argument("--ward", metavar="WARD", help=h("ward_scope"))
    users_add.add_argument("--name", help=h("name"))
    users_add.add_argument("--password", help=h("password"))
    users_add.set_defaults(handler=cmd_users_add)
    users_list = users.add_parser("list", help=h("users_list"))
    users_list.add_argument("--json", action="store_true")
    users_list.set_defaults(handler=cmd_users_list)
    users_disable = users.add_parser("disable", help=h("users_disable"))
    users_disable.add_argument("username")
    users_disable.set_defaults(handler=cmd_users_disable)
    users_enable = users.add_parser("enable", help=h("users_enable"))
    users_enable.add_argument("username")
    users_enable.set_defaults(handler=cmd_users_enable)
    users_ward = users.add_parser("ward", help=h("users_ward"))
    users_ward.add_argument("username")
    scope = users_ward.add_mutually_exclusive_group(required=True)
    scope.add_argument("--ward", metavar="WARD", help=h("ward_scope"))
    scope.add_argument("--whole", action="store_true", help=h("ward_whole"))
    users_ward.set_defaults(handler=cmd_users_ward)
    users_reset = users.add_parser("reset-password", help=h("users_reset"))
    users_reset.add_argument("username")
    users_reset.add_argument("--password", help=h("new_password"))
    users_reset.set_defaults(handler=cmd_users_reset_password)

    audit = commands.add_parser("audit", help=h("audit")).add_subparsers(dest="audit_command", required=True)
    audit_verify = audit.add_parser("verify", help=h("audit_verify"))
    audit_verify.add_argument("--expect", metavar="ID:HASH", help=h("expect"))
    audit_verify.add_argument("--json", action="store_true")
    audit_verify.set_defaults(handler=cmd_audit_verify)
    _evidence_parser(commands, h)
    _par_parser(commands, h)
    return parser


def _par_parser(commands, h) -> None:
    """`par show | export`: the PAR year of the schools, as the appraisal council has it."""
    par = commands.add_parser("par", help=h("par")).add_subparsers(dest="par_command", required=True)
    show = par.add_parser("show", help=h("par_show"))
    show.add_argument("--unit", required=True, help=h("evidence_unit"))
    show.add_argument("--year", type=int, required=True, help=h("evidence_year"))
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_par_show)
    export = par.add_parser("export", help=h("par_export"))
    export.add_argument("--year", type=int, required=True, help=h("evidence_year"))
    export.add_argument("--unit", help=h("par_unit"))
    export.add_argument("--out", required=True, metavar="FILE.xlsx")
    export.set_defaults(handler=cmd_par_export)


def _evidence_parser(commands, h) -> None:
    """`evidence add | list | remove | get`."""
    evidence = commands.add_parser("evidence", help=h("evidence"))
    subcommands = evidence.add_subparsers(dest="evidence_command", required=True)
    add = subcommands.add_parser("add", help=h("evidence_add"))
    add.add_argument("--unit", required=True, help=h("evidence_unit"))
    add.add_argument("--year", type=int, required=True, help=h("evidence_year"))
    target = add.add_mutually_exclusive_group(required=True)
    target.add_argument("--field", help=h("evidence_field"))
    target.add_argument("--criterion", help=h("evidence_criterion"))
    target.add_argument("--task", metavar="CODE", help=h("evidence_task"))
    add.add_argument("files", nargs="+", metavar="FILE")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=cmd_evidence_add)
    listing = subcommands.add_parser("list", help=h("evidence_list"))
    listing.add_argument("--unit", required=True, help=h("evidence_unit"))
    listing.add_argument("--year", type=int, required=True, help=h("evidence_year"))
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_evidence_list)
    remove = subcommands.add_parser("remove", help=h("evidence_remove"))
    remove.add_argument("id", type=int)
    remove.set_defaults(handler=cmd_evidence_remove)
    get = subcommands.add_parser("get", help=h("evidence_get"))
    get.add_argument("id", type=int)
    get.add_argument("--out", required=True, metavar="FILE", help=h("evidence_out"))
    get.set_defaults(handler=cmd_evidence_get)


def _language(argv: list[str] | None) -> str:
    """The language asked for, before the parser is built (its help is worded in it): --lang, else CCHC_LANG."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    asked = early.parse_known_args(argv)[0].lang or os.environ.get(LANG_ENV)
    return asked if asked in LANGUAGES else DEFAULT_LANGUAGE  # a wrong --lang is the parser's error to report


def main(argv: list[str] | None = None) -> int:
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `cli.py summary | head` ends quietly
    args = build_parser(_language(argv)).parse_args(argv)
    try:
        args.user = _login(args) if args.as_user is not None else None
        return args.handler(args)
    except UsageError as error:
        print(f"cli.py: {describe(error, args.lang)}", file=sys.stderr)
        return EXIT_USAGE
    except Refusal as error:  # a refusal a command did not expect: nothing was done
        print(f"cli.py: {describe(error, args.lang)}", file=sys.stderr)
        return EXIT_REJECTED


if __name__ == "__main__":
    sys.exit(main())
