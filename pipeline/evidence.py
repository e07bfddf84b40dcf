"""Evidence files in, a verdict per file out (the CLI's `evidence` commands, the appraisal page).

Who may do what is asked of core.permissions: a school's clerk adds and removes its own
school's evidence only, an administrator any school's, a viewer none; whoever may see a
school may list and download its evidence. Each file gets a verdict shaped like
`ingest`'s (`file`, `status` accepted or rejected, `message` in the reader's language),
so that scripts read both alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from core.errors import Refusal
from core.filetypes import check_file_size, shown_size
from core.permissions import SUBMIT, may, may_see, may_submit_for, own_unit, own_ward
from core.settings import EvidenceLimits
from i18n.messages import describe, term, word
from storage.accounts import User
from storage.evidence import (
    CRITERION_TARGET,
    FIELD_TARGET,
    EvidenceRefused,
    Target,
    add_evidence,
    evidence_content,
    evidence_link,
    list_evidence,
    remove_evidence,
)

Source = str | Path | tuple[str, bytes]
"""A file to add: a path on disk, or (the name it was sent under, its bytes) from an upload."""


@dataclass(frozen=True)
class EvidenceResult:
    """The verdict on one file: stored (its link and what it was found to be) or refused (why)."""

    file: str
    link: dict[str, Any] | None = None
    refusal: Refusal | None = None

    @property
    def accepted(self) -> bool:
        return self.link is not None

    def message(self, lang: str = "vi") -> str:
        if self.refusal is not None:
            return describe(self.refusal, lang)
        assert self.link is not None
        return word("evidence.accepted", _accepted_params(self.link), lang)

    def as_json(self, lang: str = "vi") -> dict[str, object]:
        """Stable keys: the file, its status, the refusal's code (None when accepted) and the message in `lang`;
        for a stored file its link's id, kind, size, sha256 and target."""
        link = self.link or {}
        return {
            "file": self.file,
            "status": "accepted" if self.accepted else "rejected",
            "code": self.refusal.code if self.refusal is not None else None,
            "message": self.message(lang),
            "id": link.get("id"),
            "kind": link.get("kind"),
            "size": link.get("size"),
            "sha256": link.get("sha256"),
            "field": link.get("field"),
            "criterion": link.get("criterion"),
            "task": link.get("task_code"),
        }


def _accepted_params(link: dict[str, Any]) -> dict[str, object]:
    column = next(c for c in (FIELD_TARGET, CRITERION_TARGET, "task_code") if link[c] is not None)
    target = term(f"evidence.target.{'task' if column == 'task_code' else column}", code=link[column])
    return {"kind": term(f"evidence.kind.{link['kind']}"), "size": shown_size(link["size"]), "target": target,
            "id": str(link["id"])}  # fmt: skip


# ---------------------------------------------------------------- who may


def refusal_to_change(user: User | None, unit_code: str) -> Refusal | None:
    """Why `user` may not add or remove evidence of `unit_code`, or None when they may (None: the operator)."""
    if may_submit_for(user, unit_code):
        return None
    assert user is not None
    if own_unit(user) is not None:
        return EvidenceRefused("evidence-unit-not-allowed", unit=unit_code, user=user.username, own=user.unit_code)
    if own_ward(user) is not None and may(user, SUBMIT):
        return EvidenceRefused("evidence-not-visible", user=user.username, unit=unit_code)
    return EvidenceRefused("evidence-not-a-submitter", user=user.username)


def _refuse_unless_visible(user: User | None, unit_code: str) -> None:
    if not may_see(user, unit_code):
        assert user is not None
        raise EvidenceRefused("evidence-not-visible", user=user.username, unit=unit_code)


# ---------------------------------------------------------------- adding, removing, reading


def add_files(
    engine: Engine,
    unit_code: str,
    year: int,
    sources: Iterable[Source],
    target: Target,
    submitter: User | None,
    limits: EvidenceLimits | None = None,
) -> list[EvidenceResult]:
    """Attach every file to `target` of the unit's year, in order; one verdict per file, a refused one storing nothing.

    `submitter` None is the server's operator (the CLI without --as), who may add to any school.
    """
    limits = limits or EvidenceLimits.from_env()
    not_allowed = refusal_to_change(submitter, unit_code)
    by = submitter.username if submitter is not None else None
    results = []
    for source in sources:
        label, name = _names(source)
        if not_allowed is not None:
            results.append(EvidenceResult(label, refusal=not_allowed))
            continue
        try:
            content = _content(source, name, limits)
            link_id = add_evidence(engine, unit_code, year, content, name, **_target_columns(target), by=by,
                                   limits=limits)  # fmt: skip
        except Refusal as refused:
            results.append(EvidenceResult(label, refusal=refused))
        else:
            results.append(EvidenceResult(label, link=evidence_link(engine, link_id)))
    return results


def _target_columns(target: Target) -> dict[str, str | None]:
    return {"field": target.field, "criterion": target.criterion, "task_code": target.task_code}


def _names(source: Source) -> tuple[str, str]:
    """(how the verdict names the file: the path as given, or the upload's name; the file's own name)."""
    if isinstance(source, tuple):
        return source[0], source[0]
    return str(source), Path(source).name


def _content(source: Source, name: str, limits: EvidenceLimits) -> bytes:
    """The file's bytes; a file on disk over the per-file limit is refused before it is read."""
    if isinstance(source, tuple):
        return source[1]
    path = Path(source)
    check_file_size(path.stat().st_size, name, limits)
    return path.read_bytes()


def remove_file(engine: Engine, link_id: int, submitter: User | None) -> dict[str, Any]:
    """Take a file off what it backed, if `submitter` may change that school's evidence; answer the link as it was."""
    link = evidence_link(engine, link_id)
    not_allowed = refusal_to_change(submitter, link["unit_code"])
    if not_allowed is not None:
        raise not_allowed
    return remove_evidence(engine, link_id, by=submitter.username if submitter is not None else None)


def list_files(engine: Engine, unit_code: str, year: int, viewer: User | None) -> list[dict[str, Any]]:
    """The school's evidence for the year (storage.evidence.list_evidence), if `viewer` may see that school."""
    _refuse_unless_visible(viewer, unit_code)
    return list_evidence(engine, unit_code, year)


def fetch_file(engine: Engine, link_id: int, viewer: User | None) -> tuple[str, str, bytes]:
    """(name to save it under, kind, bytes) of a file `viewer` may see; the download is audited."""
    link = evidence_link(engine, link_id)
    _refuse_unless_visible(viewer, link["unit_code"])
    return evidence_content(engine, link_id, by=viewer.username if viewer is not None else None)
