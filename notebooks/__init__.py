"""The review notebooks, shipped as package data ``thidua.notebooks`` (papermill runs them from there)."""
