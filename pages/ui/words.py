"""The page's language and how things are said in it: texts, quarters, moments, numbers, names, refusals."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core import formatting as fmt
from core.catalogs import default_catalogs
from core.errors import Refusal
from core.escape import escape_markdown
from i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from i18n.messages import describe
from loaders.problems import Problem


def language() -> str:
    """The sidebar's language; before it is drawn (the login page), the link's `?lang=`."""
    wanted = st.session_state.get("lang") or st.query_params.get("lang")
    return wanted if wanted in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **params: object) -> str:
    return translate(key, language(), **params)


def quarter(period: str | None) -> str:
    return fmt.quarter(period, language()) if period else "–"


def moment(value) -> str:
    return fmt.moment(value, language())


def pct(value: float | None, decimals: int = 1) -> str:
    return fmt.percent(None if value is None or value != value else value, decimals, language())


def num(value: float | int | None, decimals: int = 0) -> str:
    return fmt.number(None if value is None or value != value else value, decimals, language())


def nums(values: pd.Series, decimals: int = 0) -> pd.Series:
    """`num` of each value of a column (the language read once: a table writes thousands of numbers)."""
    lang = language()
    return values.map(lambda v: fmt.number(None if v is None or v != v else v, decimals, lang))


def signed(value: float | None, decimals: int = 1) -> str:
    """A change in percentage points: `+1,2` / `−0,4`."""
    if value is None or value != value:
        return "–"
    return ("+" if value > 0 else "") + fmt.number(value, decimals, language())


def level_name(code: str | None) -> str:
    if not code:
        return ""
    catalog = default_catalogs().levels
    return catalog[code].name if code in catalog.entries else code


def problem_text(found: Problem) -> str:
    """A validation problem worded in the page's language (plain text: callers escape for Markdown)."""
    return found.text(language())


def refusal_text(error: Refusal) -> str:
    """A refusal worded in the page's language, as Markdown: the values it quotes are escaped."""
    return escape_markdown(describe(error, language()))


def refusal(error: Refusal, where: Any = st) -> None:
    """Show why something was refused, in the page's language (in `where`: a column, a container)."""
    where.error(refusal_text(error))


def role_name(who: Any) -> str:
    """The account's role in words, as Markdown (the school's code escaped)."""
    return t(f"role.{who.role}", unit=escape_markdown(who.unit_code or ""))
