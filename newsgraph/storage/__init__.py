"""Layer 3, the tables on disk: their schema, parquet parts, the manifest, the atomic publish
and the build lock."""
