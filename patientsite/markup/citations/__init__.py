"""Citations: pandoc-style syntax, per-page numbering, and the Python-Markdown extension."""
