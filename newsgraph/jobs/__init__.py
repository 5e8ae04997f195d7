"""Layer 7, what an analyst runs: a build (map, overlay, publish), adding articles, scoring
against gold. Only newsgraph.cli sits above it."""
