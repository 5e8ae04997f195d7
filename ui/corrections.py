"""The analyst's corrections from the pages (#20): forms that call newsgraph.jobs.correct (one entry
written into the corrections file), then rebuild the tables — only the corpus-wide steps run, no
article is read again — and show the page on the new tables. Every correction can be undone from
the list at the bottom of the Meetings page; the file stays readable and editable by hand."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from newsgraph import settings
from newsgraph.base.errors import NewsgraphError
from newsgraph.storage.schema import MEETING_TYPES
from newsgraph.views.sourceview import md_escape

STATUSES = ("held", "planned", "cancelled", "denied")


def _apply(what: str, call) -> None:
    """Write one correction (call()), rebuild, rerun; a refused correction is said, nothing changes."""
    from newsgraph.jobs import correct
    from newsgraph.jobs.upload import rebuild
    try:
        entry = call(correct)
    except NewsgraphError as exc:
        st.error(md_escape(f"Not corrected: {exc}"), icon=":material/error:")
        return
    with st.spinner(f"{what}: rebuilding the tables…"):
        try:
            rebuild(settings.RAW_DIR, settings.PROCESSED_DIR)
        except NewsgraphError as exc:
            st.error(md_escape(f"The correction was written ({entry.id}) but the tables could not be rebuilt: {exc}. "
                               "The last good tables are shown."), icon=":material/error:")
            return
    st.session_state["corrections.done"] = f"{what} ({entry.id}). Undo it under “Corrections” on the Meetings page."
    st.rerun()


def said() -> None:
    """The last correction's outcome, once, on the run after it."""
    if done := st.session_state.pop("corrections.done", None):
        st.success(md_escape(done), icon=":material/edit_note:")


def _contact_fields(key: str, row=None) -> dict:
    """Sides, type, status, place and date of a contact (a row's values to start from)."""
    c = st.columns([3, 2, 2])
    sides = c[0].text_input("Sides (entity ids; ',' within a side, ';' between sides)", key=f"{key}.sides",
                            value=row.get("sides_text", "") if row is not None else "")
    types = list(MEETING_TYPES)
    mtype = c[1].selectbox("Type", types, key=f"{key}.type", format_func=lambda t: t.replace("_", " "),
                           index=types.index(row["type"].replace(" ", "_")) if row is not None and
                           row["type"].replace(" ", "_") in types else 0)
    status = c[2].selectbox("Status", STATUSES, key=f"{key}.status",
                            index=STATUSES.index(row["status"]) if row is not None and row["status"] in STATUSES else 0)
    d = st.columns(2)
    place = d[0].text_input("Place (entity id, empty: none)", key=f"{key}.place")
    date = d[1].text_input("Date (YYYY, YYYY-MM or YYYY-MM-DD; empty: keep)", key=f"{key}.date")
    out = {"type": mtype, "status": status}
    if sides.strip():
        out["sides"] = sides
    if place.strip():
        out["location"] = place.strip()
    if date.strip():
        out["date"] = date.strip()
    return out


def meeting(row) -> None:
    """Confirm, reject or edit the selected contact (a row of the Meetings table)."""
    mid = row["meeting_id"]
    with st.expander("Correct this contact", icon=":material/edit_note:"):
        c = st.columns(2)
        if c[0].button("Confirm", key=f"corr.confirm.{mid}", icon=":material/check:"):
            _apply("Contact confirmed", lambda k: k.correct_meeting("confirm-meeting", mid))
        if c[1].button("Reject (not a contact)", key=f"corr.reject.{mid}", icon=":material/close:"):
            _apply("Contact rejected", lambda k: k.correct_meeting("reject-meeting", mid))
        with st.form(f"corr.edit.{mid}", border=False):
            changes = _contact_fields(f"corr.edit.{mid}", row)
            if st.form_submit_button("Save the changes", icon=":material/save:"):
                _apply("Contact edited", lambda k: k.correct_meeting("edit-meeting", mid, _parsed(k, changes)))


def _parsed(correct, changes: dict) -> dict:
    if "sides" in changes:
        changes = {**changes, "sides": correct.parse_sides(changes["sides"])}
    return changes


def missed(article_id: str, sentences) -> None:
    """Add a contact the machine missed, told in a sentence of this article."""
    with st.expander("Add a contact the machine missed", icon=":material/add_comment:"):
        with st.form(f"corr.add.{article_id}", border=False):
            sent = st.selectbox("Sentence", list(sentences["sent_idx"]), key=f"corr.add.{article_id}.sent",
                                format_func=lambda i: f"{i}: {sentences.set_index('sent_idx').at[i, 'text'][:120]}")
            changes = _contact_fields(f"corr.add.{article_id}")
            if st.form_submit_button("Add the contact", icon=":material/add:"):
                _apply("Contact added", lambda k: k.add_meeting(article_id, int(sent), _parsed(k, changes)))


def entity(entity_id: str, options: dict[str, str]) -> None:
    """Reject an entity, merge it into another, or split a spelling off it."""
    with st.expander("Correct this actor", icon=":material/edit_note:"):
        if st.button("Reject (not an actor)", key=f"corr.rej.{entity_id}", icon=":material/close:"):
            _apply("Actor rejected", lambda k: k.reject_entity(entity_id))
        c = st.columns([3, 1], vertical_alignment="bottom")
        into = c[0].selectbox("Merge into (the same actor under another id)", [e for e in options if e != entity_id],
                              format_func=options.get, index=None, key=f"corr.into.{entity_id}")
        if c[1].button("Merge", key=f"corr.merge.{entity_id}", disabled=into is None):
            _apply("Actors merged", lambda k: k.merge_entities(entity_id, into))
        c = st.columns([3, 1], vertical_alignment="bottom")
        alias = c[0].text_input("Split a spelling off (it names someone else)", key=f"corr.alias.{entity_id}")
        if c[1].button("Split", key=f"corr.split.{entity_id}", disabled=not alias.strip()):
            _apply("Spelling split off", lambda k: k.split_alias(entity_id, alias.strip()))


def holds_none(path) -> bool:
    """A missing or blank corrections file holds no entry: then the list needs neither the parser nor
    the manifest (importing newsgraph.jobs.correct — yaml, the registry — costs ~30 ms CPU on a page's first run)."""
    try:
        return not Path(path).read_bytes().strip()
    except FileNotFoundError:
        return True
    except OSError:
        return False                    # said by the parser, with its reason


def listing() -> None:
    """Every correction in force, newest last, each with its Undo; entries the last build could not apply."""
    if holds_none(settings.CORRECTIONS_FILE):
        entries, stale = (), {}
    else:
        from newsgraph.jobs import correct
        try:
            entries = correct.listing().entries
        except NewsgraphError as exc:
            st.error(md_escape(f"The corrections file cannot be read: {exc}"), icon=":material/error:")
            return
        stale = correct.not_applied()
    with st.expander(f"Corrections ({len(entries)})", icon=":material/history:"):
        st.caption(f"Kept in {settings.CORRECTIONS_FILE} (readable and editable by hand); applied on every build.")
        for n, e in enumerate(entries, 1):
            c = st.columns([6, 1], vertical_alignment="center")
            where = f" · {e.article} sentence {e.sent_idx}" if getattr(e, "article", None) else ""
            why = f" — not applied: {stale[e.id].get('why', '')}" if e.id in stale else ""
            c[0].markdown(md_escape(f"{n}. {e.op} {getattr(e, 'entity', '') or ''} by {e.by} at {e.at}{where}{why}"))
            if c[1].button("Undo", key=f"corr.undo.{e.id}", icon=":material/undo:"):
                _apply("Correction undone", lambda k, i=e.id: k.undo(i))
