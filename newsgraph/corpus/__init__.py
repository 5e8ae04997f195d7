"""Layer 4, the corpus-wide overlay: what needs more than one article (years from other
articles, publication dates from metadata.csv or inference, event ids, the entities table)."""
