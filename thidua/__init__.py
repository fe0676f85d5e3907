"""thidua: reproducible reviews of a Vietnamese commune's yearly targets (chỉ tiêu thi đua).

Modules, one concept each: ``plan`` (targets as data), ``observations`` (actual figures), ``economy``
(derived economic indicators), ``structure`` (shares, growth, contributions), ``charts``,
``achievement`` (the engine), ``summary`` (counts and the summary line), ``formatting``
(Vietnamese and English text), ``cli`` (the ``thidua`` command).
"""

__version__ = "0.1.0"
