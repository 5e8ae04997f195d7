"""Layer 2, the per-article map: stages that need one article only (names, dates, topics,
contacts), with the rules and stanza backends for names. Pure: text in, rows out."""
