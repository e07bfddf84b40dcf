"""Every user-visible string of the app, in Vietnamese (the default) and English.

Pages call `translate(key, lang, **params)`; coded messages (problems, refusals) are worded by
`i18n.messages.describe`. The tests keep both languages' keys and placeholders equal and check
that every key the app uses exists.
"""

from __future__ import annotations

from i18n.catalog import MESSAGES

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"


def translate(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    table = MESSAGES.get(lang, MESSAGES[DEFAULT_LANGUAGE])
    text = table.get(key) or MESSAGES[DEFAULT_LANGUAGE][key]
    return text.format(**params) if params else text
