"""What each dashboard page shows, as data: one module per page of pages/ (and the Overview of
app.py). Each function takes a Reader (newsgraph/views/reader.py) and plain values and returns
frames, figures and text; the page only reads widgets, calls these (through ui/data.py's caches
where a result is kept) and renders."""
