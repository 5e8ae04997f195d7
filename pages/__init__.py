"""The dashboard's pages: one module each, whose `render()` app.py's router runs (ui/nav.py)."""
