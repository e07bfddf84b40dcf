"""Who is logged in: the login page, the organisation's identity provider, the account now, and each page's gate.

The logged-in account lives in `session_state` and is read again from the database at
most every 30 seconds. A login also issues a token (storage.sessions) that the browser
keeps in a cookie: a reloaded page, a new tab, or another app process behind the proxy
finds the cookie, has the token checked, and goes on logged in. Logging out revokes the
token and clears the cookie. Each page calls `allow_page(__file__)` first: its row in
`pages.ui.menu` names the action it needs, core.permissions says who may do it.
"""

from __future__ import annotations

import itertools

import streamlit as st

from core.escape import escape_markdown
from core.permissions import may
from core.settings import database_url
from pages.ui import cache, cookie, menu
from pages.ui.cookie import COOKIE
from pages.ui.words import refusal, t
from storage import accounts, audit, sessions
from storage.accounts import User

USER_KEY = "auth-user"  # the logged-in User in session_state
TOKEN_KEY = "auth-token"  # this session's login token (storage.sessions), also in the browser's cookie
SPENT_KEY = "auth-spent"  # tokens this session logged out or saw refused: never checked (nor audited) again
SENT_KEY = "auth-cookie-sent"  # set once this session has written the browser's cookie
REFUSED_KEY = "auth-refused"  # set by a refused login, for the run after it to say so

# An account's freshness in this process: a login or logout bumps that account's number, so its
# cached entries below are asked afresh while every other account's stay (st.cache_data clears
# only wholesale: a crowd logging in would otherwise read every session's account again).
_FRESH: dict[str, int] = {}
_BUMPS = itertools.count(1)  # next() on it is atomic: the app's sessions run in threads


def _freshness(username: str) -> int:
    return _FRESH.get(username, 0)


@st.cache_data(ttl=30, show_spinner=False)
def _account(url: str, username: str, fresh: int = 0) -> User | None:
    return accounts.get_user(cache.engine(url), username)


@st.cache_data(ttl=30, show_spinner=False)
def _token_account(url: str, token: str, fresh: int = 0) -> User | None:
    """The token's account as `sessions.check` finds it, at most 30 s old (a refusal is audited once).

    `fresh` is the freshness of the account the session holds: the token's account, unless it was refused.
    """
    return sessions.check(cache.engine(url), token)


def current_user() -> User | None:
    """The logged-in account as the database has it now (at most 30 s old), else None.

    Read again rather than trusted from the session: an account disabled, given another
    role or a new password (reset by an administrator, or changed in another session),
    or logged out in another tab, loses this session within half a minute. A session
    that holds nobody yet takes the login the browser's cookie carries, if still valid.
    """
    held = st.session_state.get(USER_KEY)
    if held is None:
        return _restore()
    token, fresh = st.session_state.get(TOKEN_KEY), _freshness(held.username)
    user = _token_account(database_url(), token, fresh) if token else _account(database_url(), held.username, fresh)
    if user is None or not held.same_session(user):
        st.session_state.pop(USER_KEY, None)
        _spend(st.session_state.pop(TOKEN_KEY, None))
        return None
    return user


def _spend(token: str | None) -> None:
    if token:
        st.session_state.setdefault(SPENT_KEY, set()).add(token)


def _restore() -> User | None:
    """The login of the browser's cookie (a reload, a new tab, another app process), checked; else None.

    Audited as a login `via: token`, once per browser session (a page reload is a new one).
    """
    token = st.context.cookies.get(COOKIE)
    if not token or token in st.session_state.get(SPENT_KEY, ()):
        return None
    engine = cache.engine(database_url())
    user = sessions.check(engine, token)
    if user is None:  # refused and audited: not again in this session, and the cookie is cleared
        _spend(token)
        return None
    st.session_state[USER_KEY] = user
    st.session_state[TOKEN_KEY] = token
    detail = {"via": "token", "session": sessions.session_id(token)}
    audit.record(engine, "login", username=user.username, unit_code=user.unit_code, detail=detail)
    return user


def forget_accounts() -> None:
    """Read every account afresh on the next ask (not 30 s later)."""
    _account.clear()
    _token_account.clear()


def forget_account(username: str) -> None:
    """Read this one account (and its tokens) afresh on the next ask in this process; the others' stay cached."""
    _FRESH[username] = next(_BUMPS)


def log_in(user: User) -> None:
    """Hold `user` in this session and issue the token the browser keeps (a previous one of this session is revoked)."""
    engine = cache.engine(database_url())
    earlier = st.session_state.pop(TOKEN_KEY, None)
    if earlier:
        sessions.revoke(engine, earlier, "replaced")
        _spend(earlier)
    st.session_state[TOKEN_KEY] = sessions.issue(engine, user)
    st.session_state[USER_KEY] = user
    forget_account(user.username)  # its other tabs see a replaced token or a changed password at once


def log_out() -> None:
    user = st.session_state.pop(USER_KEY, None)
    token = st.session_state.pop(TOKEN_KEY, None)
    engine = cache.engine(database_url())
    if token:
        sessions.revoke(engine, token, "logout")  # every tab and app process holding it is logged out too
        _spend(token)
        if user is not None:
            forget_account(user.username)
    if user is not None:
        audit.record(engine, "logout", username=user.username, unit_code=user.unit_code)
    if _identity_provider_configured() and st.user.is_logged_in:
        st.logout()  # else the provider's cookie would sign the person straight back in


def _keep_cookie() -> None:
    """Have the server set this session's token as the browser's cookie, or clear it once nobody is logged in here.

    Streamlit reads cookies (`st.context.cookies`, as the browser sent them when this tab connected) but a
    script's run cannot set one: the page posts a one-time code to the app's own route, whose answer sets it
    HttpOnly (pages.ui.cookie). Written again on every run once this session has touched it: a run cut short by
    a rerun may never reach the browser.
    """
    want = st.session_state.get(TOKEN_KEY) if st.session_state.get(USER_KEY) is not None else None
    if want == st.context.cookies.get(COOKIE) and not st.session_state.get(SENT_KEY):
        return
    st.session_state[SENT_KEY] = True
    st.html(cookie.script(want), unsafe_allow_javascript=True)


# ---------------------------------------------------------------- the login page


def _identity_provider_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets.toml at all: Streamlit raises rather than answer False
        return False


def single_sign_on() -> None:
    """With an [auth] section in secrets.toml: sign in through the organisation's OIDC provider.

    The provider proves who the person is; the role comes from the local account whose
    username is the e-mail address the provider gives, so an unknown address gets nothing.
    """
    if not _identity_provider_configured():
        return
    if not st.user.is_logged_in:
        st.button(t("auth.sso"), on_click=st.login, icon=":material/key:")
        return
    found = accounts.sign_in_with_identity(cache.engine(database_url()), st.user.to_dict())
    if found is None:
        st.error(t("auth.sso_unknown", email=escape_markdown(st.user.get("email") or "?")))
        st.button(t("auth.logout"), on_click=st.logout)
        return
    log_in(found)
    st.rerun()


def _first_admin() -> None:
    st.info(t("auth.first_admin"))
    with st.form("first-admin"):
        username = st.text_input(t("auth.username"), key="setup-username")
        display = st.text_input(t("auth.display_name"), key="setup-name")
        password = st.text_input(t("auth.password"), type="password", key="setup-password")
        again = st.text_input(t("auth.password_again"), type="password", key="setup-again")
        if not st.form_submit_button(t("auth.create_admin"), type="primary"):
            return
    if password != again:
        st.error(t("auth.passwords_differ"))
        return
    try:
        admin = accounts.create_first_admin(cache.engine(database_url()), username, password, display_name=display)
    except (accounts.AccountInputError, accounts.AccountRefused) as error:
        refusal(error)  # it quotes what was typed
        return
    log_in(admin)
    st.rerun()


def _login_form() -> None:
    with st.form("login"):
        st.text_input(t("auth.username"), key="login-username", autocomplete="username")
        st.text_input(t("auth.password"), type="password", key="login-password", autocomplete="current-password")
        st.form_submit_button(t("auth.submit"), type="primary", on_click=_submit_login)
    if st.session_state.pop(REFUSED_KEY, False):
        st.error(t("auth.failed", n=accounts.MAX_FAILED_LOGINS, minutes=int(accounts.LOCK_TIME.seconds / 60)))


def _submit_login() -> None:
    """The login button's callback: it runs before the run its click starts, so with the right password that
    run already finds the person logged in and opens the page (one run, not the form's and then a rerun)."""
    username, password = st.session_state.get("login-username", ""), st.session_state.get("login-password", "")
    user = accounts.authenticate(cache.engine(database_url()), username, password)
    if user is None:
        st.session_state[REFUSED_KEY] = True  # said under the form that run shows again
        return
    log_in(user)


def login_page() -> None:
    """Đăng nhập: the only page shown before logging in; creates the first administrator when no account exists.

    A function page (app.py's navigation holds it), not a page file: the page that replaces
    it after logging in must come from a fresh run of app.py's navigation.
    """
    _keep_cookie()  # clears a cookie that no longer logs anyone in
    st.title(t("auth.title"))
    if accounts.has_users(cache.engine(database_url())):
        _login_form()
        single_sign_on()
    else:
        _first_admin()


# ---------------------------------------------------------------- each page's gate


def _through_app_py() -> None:
    """Make sure this run went through app.py's navigation, not straight to a file of pages/.

    Streamlit serves a fresh server's first visit to `/school` by running pages/school.py
    alone (the pages/ folder's old multipage mode) until some run has called st.navigation;
    app.py's login, sidebar and role menu would then be skipped. Rerun through app.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False  # what st.navigation itself sets on its first call
        st.rerun()


def user() -> User:
    """The logged-in account; without one, the login form in place of the page, and stop."""
    _through_app_py()
    found = current_user()
    if found is None:
        login_page()  # in place of the page; once logged in, this same page opens
        st.stop()
    _keep_cookie()
    return found


def allow_page(page_file: str) -> User:
    """The logged-in account if it may open this page (its row in `pages.ui.menu`); otherwise say so and stop."""
    found = user()
    if not may(found, menu.of_file(page_file).action):
        st.error(t("auth.forbidden"))
        st.stop()
    return found
