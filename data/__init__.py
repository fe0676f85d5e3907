"""The bundled plan, sample figures, units, scoring table and catalog, shipped as package data ``thidua.data``."""
