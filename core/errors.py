"""Refusals as data: a stable code and its values, worded per language by `i18n`.

Storage, accounts and the pipeline raise a `Refusal` (or a subclass naming what
was refused); the pages and the CLI word it with `i18n.messages.describe(error, lang)`.
`str(error)` gives the Vietnamese wording, for logs and for callers that only print.
"""

from __future__ import annotations

from typing import Any


class Refusal(Exception):
    """A request that cannot be carried out: `code` names why, `params` the values the wording needs."""

    def __init__(self, code: str, /, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def key(self) -> str:
        return f"refusal.{self.code}"

    def as_term(self) -> dict[str, Any]:
        """The refusal as a value of another message (JSON-friendly; see i18n.messages.term)."""
        return {"key": self.key, "params": self.params}

    def __str__(self) -> str:
        from i18n.messages import describe  # worded only when shown: keeps Babel off the hot paths

        return describe(self, "vi")

    def __reduce__(self) -> tuple[Any, ...]:  # crosses process boundaries with its values
        return (_rebuild, (type(self), self.code, self.params))


def _rebuild(kind: type[Refusal], code: str, params: dict[str, Any]) -> Refusal:
    error = Exception.__new__(kind)
    Refusal.__init__(error, code, **params)
    return error
