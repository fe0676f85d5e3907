"""The one palette of the reviews: status colours shared by tables, charts and index pages, and series colours.

Every status colour carries white bold text at a contrast of at least 5:1, and the status word is
always written beside the colour, so a page printed in black and white loses nothing.
"""

from __future__ import annotations

STATUS_COLOURS = {"exceeded": "#103f14", "met": "#2e7d32", "not_met": "#c62828", "no_data": "#616161"}
ON_STATUS = "#ffffff"  # text on a status colour
SERIES_COLOURS = ["#1565c0", "#c25e00", "#6a1b9a", "#00796b", "#5d4037"]  # sectors, series: never a status colour
TARGET_COLOUR = "#f9a825"  # the edges of a target range
BAND_COLOUR = "#fde7b0"  # a target range, drawn behind the bars (opaque: no mixed colour)
BANNER = {"background": "#fff3cd", "border": "#b8860b", "text": "#5c4400"}  # the sample-data banner
