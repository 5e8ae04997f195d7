"""Streamlit-aware helpers: the one cached table loader and the shared sidebar filters."""
