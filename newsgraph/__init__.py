"""newsgraph: who met or phoned whom, when, where and about what, from Turkish news.

A pure package (it never imports streamlit): ingest, NLP backends, linking, dates,
topics, meetings, network building, figures, exports and the command line.
"""
__version__ = "0.1.0"
