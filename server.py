"""The app as its server runs it: `streamlit run server.py` (make run, deploy/cchc@.service).

app.py is the app; this adds the one route of its own that a page's script needs: the login
cookie, which only an HTTP answer can set HttpOnly (pages/ui/cookie.py). The route answers
under the app's base path (server.baseUrlPath) as at the root.
"""

from __future__ import annotations

import streamlit as st
from starlette.routing import Route

from pages.ui.cookie import ROUTE, session_route

app = st.App(
    "app.py",
    routes=[
        Route(f"/{ROUTE}", session_route, methods=["POST"]),
        Route("/{base:path}/" + ROUTE, session_route, methods=["POST"]),
    ],
)
