"""The engine: achievement, derived indicators, structure, aggregation, the interim review and ranking, as data."""
