"""Reading thidua's YAML files (plans, units, scoring tables, batches, catalogs): the one YAML reader.

Safe (no code runs) and bounded: a file above ``MAX_YAML_BYTES`` is refused unread, anchors and
aliases are refused (a plan needs none, and nested aliases are the "billion laughs" that grow a
few hundred bytes into gigabytes), so is nesting deeper than ``MAX_DEPTH`` and a key written twice
in one mapping (YAML would silently keep the last value). Every error names the file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from thidua.errors import InputError, shown
from thidua.inputs.inputfile import read_input

MAX_YAML_BYTES = 2_000_000  # ~25,000 units in a units file; a plan is ~15 KB
MAX_DEPTH = 20  # a plan nests 6 levels deep


class _Refused(yaml.MarkedYAMLError):
    """Valid YAML that a thidua file must not contain; carries the position of the offending node."""

    def __init__(self, problem: str, mark: yaml.Mark) -> None:
        super().__init__(problem=problem, problem_mark=mark)


class _PythonParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's pure-Python parser, for a PyYAML built without libyaml."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


try:  # libyaml's C parser (about five times faster); the composer stays Python's, so every node is checked
    from yaml.cyaml import CParser as _Parser
except ImportError:
    _Parser = _PythonParser


class _Checks(yaml.composer.Composer, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
    """Composing and constructing that refuse anchors, aliases, deep nesting, duplicate keys and impossible values.

    A loader is these checks on top of a parser (the checks come first, so Python's composer is used).
    """

    def __init__(self, stream: str) -> None:
        self._parser.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        """Refuse an alias or anchor, or a node below ``MAX_DEPTH``, before it is built."""
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused("anchors and aliases (&name, *name) are not allowed: write the values out", event.start_mark)
        if self._depth >= MAX_DEPTH:
            raise _Refused(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """The mapping, unless a key is written twice."""
        first: dict[tuple[str, str], yaml.Mark] = {}
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                seen = first.setdefault((key.tag, key.value), key.start_mark)
                if seen is not key.start_mark:
                    raise _Refused(
                        f"key {shown(key.value)} is written twice (first on line {seen.line + 1})", key.start_mark
                    )
        return super().construct_mapping(node, deep)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """The value, or an error at its line when its type cannot hold it (a date 2022-02-30)."""
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as exc:
            raise _Refused(f"{shown(node.value)} cannot be read ({exc})", node.start_mark) from None


class _BoundedLoader(_Checks, _Parser):  # type: ignore[misc, valid-type]
    _parser = _Parser


def read_yaml(path: str | Path) -> Any:
    """The file's content, read safely and within bounds; anything wrong is an ``InputError`` with the line."""
    path = Path(path)
    raw = read_input(path, MAX_YAML_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=path) from None
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        if problem == "exceeded maximum nesting depth":  # libyaml's own limit (1000) comes before ours
            exc, problem = _Refused(f"nested more than {MAX_DEPTH} levels deep", mark), None
        message = exc.problem if isinstance(exc, _Refused) else f"not valid YAML: {problem}"
        raise InputError(message, file=path, where=where) from None
    finally:
        loader.dispose()
