"""Layer 5, what the pages show, as data: filters and what a filter state keeps (selection), the
network and timeline models, the source view, the derived view tables written with each build, and
the reader of a build's tables (reader: pure; the dashboard caches it in ui/data.py)."""
