"""Streamlit-aware helpers: the one cache seam (data), the shared sidebar filters, the page list
(nav) and download buttons."""
