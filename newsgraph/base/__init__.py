"""Layer 0, what every layer shares: errors, Turkish text folding, the curated registry
(actors, places, topics, events) and the mention types the analysis produces."""
