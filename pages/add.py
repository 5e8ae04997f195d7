"""Add articles: upload files or a .zip, saved to the raw folder, built, on every page at the next click."""
from __future__ import annotations

import logging
import time

import streamlit as st

from newsgraph import settings
from newsgraph.base.errors import NewsgraphError
from newsgraph.jobs.upload import (BuildJob, Incoming, MetadataError, add_uploads, built_message, check_metadata,
                              failed_message, inert, limits_text, raw_dir, shown, upload_limit_mb)
from ui.router import ensure_router

TYPES = [s.lstrip(".") for s in settings.RAW_SUFFIXES] + ["zip"]
SHOW = {"saved": (st.success, ":material/check_circle:"), "skipped": (st.warning, ":material/content_copy:"),
        "refused": (st.error, ":material/block:")}
MAX_MESSAGES = 12          # more files than this: one table instead of a message each
RESULT, JOB = "add.result", "add.build"


def _form() -> tuple[bool, list, dict]:
    """The upload form; cleared once submitted."""
    with st.form("add.form", clear_on_submit=True, enter_to_submit=False):
        files = st.file_uploader("Article files", type=TYPES, accept_multiple_files=True, key="add.files",
                                 help=limits_text(), max_upload_size=upload_limit_mb())
        c1, c2, c3 = st.columns(3)
        meta = {"source": c1.text_input("Source", key="add.source", placeholder="optional, e.g. AA or ulusal.com.tr"),
                "url": c2.text_input("URL", key="add.url", placeholder="optional, https://…"),
                "published": c3.text_input("Published", key="add.published", placeholder="optional, YYYY-MM-DD")}
        st.caption("Source, URL and date are optional and apply to every file of this upload.")
        sent = st.form_submit_button("Add and build", key="add.submit", type="primary", icon=":material/upload:")
    return sent, files or [], meta


def _build() -> tuple[str, str]:
    """Follow the build with a progress bar; (level, message) for what happened. The build runs in
    its own thread (one process: a spawned worker would re-run the script Streamlit installs as
    __main__), so leaving the page does not stop it; coming back picks the same job up."""
    from ui.data import processed_dir
    job = st.session_state.get(JOB) or st.session_state.setdefault(JOB, BuildJob(raw_dir(), processed_dir()))
    with st.status("Building the tables…", expanded=True) as status:
        bar = st.progress(0.0, text="Reading the articles…")
        while job.running:
            if job.waiting:
                status.update(label="Waiting for another build to finish…")
            elif job.total:
                status.update(label="Building the tables…")
                bar.progress(min(job.done / job.total, 1.0), text=f"{job.done} of {job.total} articles")
            time.sleep(0.2)
        del st.session_state[JOB]
        if job.error is not None:
            if not isinstance(job.error, NewsgraphError):
                logging.getLogger(__name__).error("build after an upload failed", exc_info=job.error)
            status.update(label="Build stopped", state="error")
            return "error", failed_message(job.error)
        status.update(label=f"Built {job.report.n_articles} articles in {job.report.seconds:.1f}s",
                      state="complete", expanded=False)
    return "success", built_message(job.report)


def _submit(files: list, meta: dict) -> None:
    """Save the uploads; the build runs below the per-file messages (level None = still to build)."""
    try:
        checked = check_metadata(**meta)
    except MetadataError as exc:
        st.session_state[RESULT] = (None, "error", f"Nothing was added: {inert(str(exc))}.")
        return
    if not files:
        st.session_state[RESULT] = (None, "warning", "Choose at least one file to add.")
        return
    from ui.data import load_manifest
    report = add_uploads([Incoming(f.name, f.getvalue()) for f in files], raw_dir(), checked)
    fresh = report.saved or load_manifest() is None
    st.session_state[RESULT] = (report, None, None) if fresh else (report, "info", "Nothing new: tables unchanged.")


def _files(report) -> None:
    """One message per file, or a table (problems first) when there are many."""
    st.markdown(f"**{inert(report.summary())}**")
    if len(report.outcomes) <= MAX_MESSAGES:
        for o in report.outcomes:
            show, icon = SHOW[o.status]
            show(f"**{inert(o.name)}** — {inert(o.detail)}", icon=icon)
    else:
        import pandas as pd
        rows = [(o.name, o.status, o.detail) for o in report.problems_first()]
        st.dataframe(pd.DataFrame(rows, columns=["file", "result", "detail"]), hide_index=True, width="stretch",
                     column_config={"file": st.column_config.TextColumn(width="medium")})
    for note in report.notes:
        st.warning(inert(note), icon=":material/warning:")


def _show(report, level: str | None, message: str | None) -> None:
    """Per-file outcomes, then the build (run now when pending) and what it did."""
    if report is not None:
        _files(report)
    if level is None:
        level, message = _build()
        st.session_state[RESULT] = (report, level, message)
    getattr(st, level)(message)
    if level == "error" and report is not None and report.saved:
        st.button("Build again", key="add.rebuild", icon=":material/refresh:",
                  on_click=lambda: st.session_state.update({RESULT: (report, None, None)}))


ensure_router()
st.title("Add articles")
st.caption(f"Upload Turkish news articles ({', '.join('.' + t for t in TYPES[:-1])}) or a .zip of them. Each file is "
           f"checked and saved to `{shown(raw_dir())}` (never overwriting; exact duplicates are skipped), then the "
           f"tables are rebuilt. {limits_text()}")
sent, files, meta = _form()
if sent:
    _submit(files, meta)
if RESULT in st.session_state:
    _show(*st.session_state[RESULT])
