"""CCHC dashboard: what the database holds, quarter by quarter.

Streamlit lives here and in pages/ only; everything it shows comes from storage
and metrics, which import without Streamlit.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import formatting as fmt
from core.catalogs import default_catalogs
from core.settings import database_url
from metrics.summary import period_summary
from storage import repository
from storage.db import make_engine

st.set_page_config(page_title="Theo dõi CCHC các trường", page_icon="📊", layout="wide")


@st.cache_resource
def engine(url: str):
    return make_engine(url)


@st.cache_data(ttl=60)
def summaries(url: str) -> list[dict]:
    db = engine(url)
    periods = repository.periods_with_data(db)
    frames = repository.load_frames(db, periods)
    return [period_summary(frames, default_catalogs(), period) for period in reversed(periods)]


st.title("Theo dõi cải cách hành chính các trường")
data = summaries(database_url())
if not data:
    st.info(
        "Chưa có báo cáo nào. Nạp dữ liệu mẫu bằng `python cli.py demo`, "
        "hoặc nhập báo cáo quý bằng `python cli.py ingest TỆP...`."
    )
    st.stop()

st.subheader("Báo cáo đã lưu theo quý")
overview = pd.DataFrame(
    {
        "Kỳ báo cáo": fmt.quarter(s["period"]),
        "Đã nộp": f"{s['submission']['submitted']}/{s['submission']['expected']}",
        "Tỷ lệ nộp": fmt.percent(s["submission"]["rate"]),
        "Nộp đúng hạn": fmt.percent(s["submission"]["on_time_rate"]),
        "Nhiệm vụ": fmt.number(s["overall"]["tasks"]),
        "Hoàn thành": fmt.percent(s["overall"]["completion_rate"]),
        "Hài lòng": fmt.percent(s["overall"]["satisfaction"]),
        "Điểm CCHC": fmt.number(s["overall"]["par_score"], 2),
    }
    for s in data
)
st.dataframe(overview, hide_index=True, use_container_width=True)

labels = {fmt.quarter(s["period"]): s for s in data}
chosen = labels[st.selectbox("Xem chi tiết quý", list(labels))]
units = pd.DataFrame(
    {
        "Mã": u["unit_code"],
        "Đơn vị": u["unit_name"],
        "Đã nộp": "có" if u["reported"] else "chưa",
        "Hạng": f"{u['rank']}/{u['rank_of']}" if u["rank"] else "",
        "Hoàn thành": fmt.percent(u["completion_rate"]),
        "Đúng hạn": fmt.percent(u["on_time_rate"]),
        "Quá hạn": fmt.number(u["overdue"]),
        "Hài lòng": fmt.percent(u["satisfaction"]),
    }
    for u in chosen["units"]
)
st.dataframe(units, hide_index=True, use_container_width=True)
