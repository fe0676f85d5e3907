"""The engine: achievement, derived indicators, structure, aggregation, mid-year and ranking, as data."""
