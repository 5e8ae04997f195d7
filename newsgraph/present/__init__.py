"""Layer 6, figures and files: plotly figures of the network and the timeline, exports, and what
each dashboard page shows (present/pages: the page models the pages render)."""
