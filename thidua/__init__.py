"""thidua: reproducible reviews of a Vietnamese commune's yearly targets (chỉ tiêu thi đua).

One module per concept; README.md's layout table says which holds what. Start from
``thidua.review.review.Review.load`` (a plan and its figures, validated and assessed) or the ``thidua``
command line (``thidua.cli``).
"""

__version__ = "0.1.0"
