"""Reports: words, numbers, tables, charts and Word documents made from an assessed review (no file loading)."""
