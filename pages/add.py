"""Add articles: upload files or a .zip, saved to the raw folder, built, on every page at the next click."""
from __future__ import annotations

import time

import streamlit as st

from newsgraph.jobs.upload import (BuildJob, Incoming, inert, limits_text, outcome_table, raw_dir, shown, submit,
                                   upload_limit_mb, upload_types)

TYPES = upload_types()
SAY = {"saved": (st.success, ":material/check_circle:"), "skipped": (st.warning, ":material/content_copy:"),
       "refused": (st.error, ":material/block:")}
MAX_MESSAGES = 12          # more files than this: one table instead of a message each
RESULT, JOB = "add.result", "add.build"


def form() -> tuple[bool, list, dict]:
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


def build() -> tuple[str, str]:
    """Follow the build with a progress bar; (level, message) for what happened. The build runs in
    its own thread (one process: a spawned worker would re-run the script Streamlit installs as
    __main__), so leaving the page does not stop it; coming back picks the same job up."""
    from ui.data import processed_dir
    job = st.session_state.get(JOB) or st.session_state.setdefault(JOB, BuildJob(raw_dir(), processed_dir()))
    with st.status("Building the tables…", expanded=True) as status:
        bar = st.progress(0.0, text="Reading the articles…")
        while job.running:
            if job.waiting:                      # no time limit: the other build says how far it is
                status.update(label="Waiting for another build to finish…")
                bar.progress(job.other_fraction, text=job.waiting_text())
            elif job.total:
                status.update(label="Building the tables…")
                bar.progress(job.fraction, text=f"{job.done} of {job.total} articles")
            time.sleep(0.2)
        del st.session_state[JOB]
        level, message = job.outcome()
        done = level == "success"
        status.update(label=job.summary(), state="complete" if done else "error", expanded=not done)
    return level, message


def outcomes(report) -> None:
    """One message per file, or a table (problems first) when there are many."""
    st.markdown(f"**{inert(report.summary())}**")
    if len(report.outcomes) <= MAX_MESSAGES:
        for o in report.outcomes:
            say, icon = SAY[o.status]
            say(f"**{inert(o.name)}** — {inert(o.detail)}", icon=icon)
    else:
        st.dataframe(outcome_table(report), hide_index=True, width="stretch",
                     column_config={"file": st.column_config.TextColumn(width="medium")})
    for note in report.notes:
        st.warning(inert(note), icon=":material/warning:")


def show_result(report, level: str | None, message: str | None) -> None:
    """Per-file outcomes, then the build (run now when pending) and what it did."""
    if report is not None:
        outcomes(report)
    if level is None:
        level, message = build()
        st.session_state[RESULT] = (report, level, message)
    getattr(st, level)(message)
    if level == "error" and report is not None and report.changed:
        st.button("Build again", key="add.rebuild", icon=":material/refresh:",
                  on_click=lambda: st.session_state.update({RESULT: (report, None, None)}))


def render() -> None:
    """The page: the form, then what the last upload and its build did."""
    st.title("Add articles")
    st.caption(f"Upload Turkish news articles ({', '.join('.' + t for t in TYPES[:-1])}) or a .zip of them. Each file "
               f"is checked and saved to `{shown(raw_dir())}` (never overwriting; exact duplicates are skipped), then "
               f"the tables are rebuilt. {limits_text()}")
    sent, files, meta = form()
    if sent:                      # save the uploads; the build runs below the per-file messages (level None)
        from ui.data import load_manifest
        st.session_state[RESULT] = submit([Incoming(f.name, f.getvalue()) for f in files], meta, raw_dir(),
                                          has_tables=load_manifest() is not None)
    if RESULT in st.session_state:
        show_result(*st.session_state[RESULT])


if __name__ == "__main__":      # run as a script by Streamlit's folder-based pages (see app.py): go through the router
    from app import main
    main()
