"""Who may do what, written once: the pages, the CLI's --as and the pipeline ask these.

An actor is anything with a `role`, a `unit_code`, a `ward` and `ward_units`
(storage.accounts.User). `None` as the actor is the server's operator on the command
line, who holds the database anyway and so may do everything.

Reach: a clerk reaches one school; an office account (admin, viewer) scoped to a ward
reaches that ward's schools (`ward_units`, read from the registry with the account);
an unscoped one the whole installation.
"""

from __future__ import annotations

from typing import Protocol

from core.vocabulary import ADMIN, CLERK, ROLES, VIEWER

# What a role may do. Reading is scoped further by `own_unit`: a clerk reads their school only.
READ = "read"  # the dashboards, one's own account
READ_OFFICE = "read-office"  # the office-wide pages and the summary export
SUBMIT = "submit"  # storing a school's report (their own, for a clerk)
ADMINISTER = "administer"  # approval, appraisal, accounts, registry, deadlines, audit log, received dates
ACTIONS = (READ, READ_OFFICE, SUBMIT, ADMINISTER)

GRANTS: dict[str, frozenset[str]] = {
    ADMIN: frozenset(ACTIONS),
    VIEWER: frozenset({READ, READ_OFFICE}),
    CLERK: frozenset({READ, SUBMIT}),
}
assert set(GRANTS) == set(ROLES)


class Actor(Protocol):
    @property
    def role(self) -> str: ...

    @property
    def unit_code(self) -> str | None: ...

    @property
    def ward(self) -> str | None: ...

    @property
    def ward_units(self) -> frozenset[str]: ...


def roles_allowed(action: str) -> tuple[str, ...]:
    """The roles granted `action`, in the vocabulary's order (what a page's check and the menu use)."""
    return tuple(role for role in ROLES if action in GRANTS[role])


def may(actor: Actor | None, action: str) -> bool:
    return actor is None or action in GRANTS.get(actor.role, frozenset())


def bound_to_unit(role: str) -> bool:
    """A clerk's account belongs to one school; the office's accounts to none."""
    return role == CLERK


def own_unit(actor: Actor | None) -> str | None:
    """The one school a clerk is bound to; None for the office's accounts and the operator, who see all."""
    return actor.unit_code if actor is not None and bound_to_unit(actor.role) else None


def own_ward(actor: Actor | None) -> str | None:
    """The ward an office account is scoped to; None for the unscoped, the operator and a clerk (one school)."""
    if actor is None or bound_to_unit(actor.role):
        return None
    return getattr(actor, "ward", None) or None


def in_reach(actor: Actor | None, unit_code: str | None) -> bool:
    """The school is within what this account reaches (a clerk: theirs; a ward's account: its ward's)."""
    mine = own_unit(actor)
    if mine is not None:
        return unit_code == mine
    if own_ward(actor) is None:
        return True
    return unit_code is not None and unit_code in actor.ward_units  # type: ignore[union-attr]


def may_see(actor: Actor | None, unit_code: str | None) -> bool:
    """May read this school's data: its own school for a clerk, its ward's for a ward-scoped account."""
    return in_reach(actor, unit_code)


def may_submit_for(actor: Actor | None, unit_code: str | None) -> bool:
    """An admin stores any school's report of its reach, a clerk only their own; a viewer none."""
    if actor is None:
        return True
    if actor.role == ADMIN:
        return in_reach(actor, unit_code)
    return may(actor, SUBMIT) and unit_code is not None and unit_code == actor.unit_code


def may_administer(actor: Actor | None, unit_code: str | None) -> bool:
    """Approve, appraise, edit the registry row of this school: an admin whose reach holds it."""
    return may(actor, ADMINISTER) and in_reach(actor, unit_code)


def may_administer_installation(actor: Actor | None) -> bool:
    """What concerns every ward at once (closing a quarter, the city's acceptance): an unscoped admin."""
    return may(actor, ADMINISTER) and own_ward(actor) is None


# ---------------------------------------------------------------- the follow-up of data-quality flags


def may_explain(actor: Actor | None, unit_code: str | None) -> bool:
    """The office explains its schools' flags, a clerk their own school's (who knows why the number is right)."""
    if may(actor, ADMINISTER):
        return in_reach(actor, unit_code)
    return may(actor, SUBMIT) and unit_code is not None and unit_code == own_unit(actor)


def may_resolve(actor: Actor | None) -> bool:
    """Resolving a flag settles it for the office's own report: the office's decision only."""
    return may(actor, ADMINISTER)


def may_reopen(actor: Actor | None) -> bool:
    """Reopening a flag undoes an explanation or a resolution: the office's, as resolving is."""
    return may_resolve(actor)
