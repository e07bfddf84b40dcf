"""Users' text shown as text: escaped for Streamlit's Markdown and for plotly's labels.

File names, school names and codes, wards, usernames, notes and whatever a workbook or the
registry holds are written by people outside the office. Where such a value meets Markdown
(`st.markdown`, `st.caption`, `st.warning`, labels…) or a plotly figure, it is escaped here,
once, at the place it is interpolated; texts of the catalog are trusted and never pass here.
"""

from __future__ import annotations

import html
import re

# Every character that starts or ends a Markdown construct inline: links, images, emphasis, code,
# raw HTML and autolinks, headings and lists, tables, strikethrough, math, Streamlit's
# `:red[…]` directives. `&` too, so an entity (`&lt;`) shows as typed. CommonMark shows a
# backslashed ASCII punctuation character as itself.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~:$&])")
_LINE_BREAKS = re.compile(r"[\r\n]+")
# A backslash does not help where Streamlit and GFM match the text after escapes are undone:
# `:material_x:` icons, `:smile:` emoji, `:streamlit:`, and the bare `https://…`, `www.…` and
# `a@b.vn` autolinks. An invisible word joiner after a colon that something follows, before
# each `@` and inside `www.` breaks those patterns without changing what people read.
_WORD_JOINER = "\u2060"
_PATTERN_BREAKS = re.compile(r"(?<=:)(?=\S)|(?=@)|(?i:(?<=www)(?=\.))")


def escape_markdown(value: object) -> str:
    """`value` as literal text inside Streamlit Markdown (one line; None is "").

    Letters, digits and Vietnamese diacritics are untouched. Escape a value once, where it
    is put into the Markdown: escaping twice shows the backslashes.
    """
    if value is None:
        return ""
    text = _LINE_BREAKS.sub(" ", str(value))  # an inline value: a line break would start a new block
    text = _PATTERN_BREAKS.sub(_WORD_JOINER, text)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def escape_plotly(value: object) -> str:
    """`value` as literal text in a plotly label, legend, title or hover (None is "").

    plotly reads a subset of HTML (`<b>`, `<a href>`, entities) in every text, and
    `%{…}` as a placeholder where the text is part of a hover template: `<`, `>` and `&`
    become entities and `%` becomes `&#37;`, which plotly shows as `%` and never reads as
    a placeholder.
    """
    if value is None:
        return ""
    return html.escape(str(value), quote=False).replace("%", "&#37;")
