"""The emulation titles and commendations as data: each criterion with its test, its article and its words.

A titles file (the bundled one: ``data/rules/thi-dua-khen-thuong.yaml``, docs/commendation.md) lists the
titles in the order they depend on each other; each gives its criteria, each criterion its test
(``thidua.engine.commendation``), the words of the article it comes from and where they are. A rule whose
source could not be found is not a criterion: it is the office's ``office_rules`` (with ``set_by: office``).
Rules have dates: only those in force on the review's year are applied.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

import msgspec

from thidua import resources
from thidua.inputs.roster import DISCIPLINES, INITIATIVES, KINDS, RATINGS
from thidua.inputs.schema import REQUIRED_TEXT, Rule, Schema, convert, say
from thidua.inputs.yamlfile import read_yaml

BUNDLED = resources.DATA / "rules" / "thi-dua-khen-thuong.yaml"  # the titles as the law writes them
_ID = "must be lower-case letters, digits and _, got {value!r}"
Id = Annotated[str, say(pattern=r"^[a-z][a-z0-9_]*$", error=_ID)]
Text = Annotated[str, REQUIRED_TEXT, say(max_length=2000)]
TESTS = ("rating_at_least", "discipline_below", "initiative", "has_title", "registered", "members_share",
         "member_with", "members_all", "members_discipline_below", "points_at_least", "people")  # fmt: skip
TITLE_KINDS = (*KINDS, "thon")  # a hamlet (thôn, tổ dân phố): its candidates are the review's ranked sub-units


class Source(Schema):
    """Where a rule's words are: the document, its article (clause, point), and the address it was read at."""

    shape: ClassVar = "must be a mapping with the document and its article"
    document: Text
    article: Text
    url: str | None = None


class Criterion(Schema):
    """One criterion of a title: its test and the words it rests on."""

    place: ClassVar = ("criterion '{id}'", "criterion #{n}")
    id: Id
    test: dict[str, Any]
    quote: Text
    source: Source

    def __post_init__(self) -> None:
        """One test, known, with a value of its kind."""
        if len(self.test) != 1 or next(iter(self.test)) not in TESTS:
            raise Rule(f"must be one of {', '.join(TESTS)} with its value, e.g. {{rating_at_least: hoan_thanh_tot}}",
                       "test")  # fmt: skip
        ((name, value),) = self.test.items()
        allowed = {"rating_at_least": RATINGS, "members_all": RATINGS, "discipline_below": DISCIPLINES,
                   "members_discipline_below": DISCIPLINES, "initiative": INITIATIVES}.get(name)  # fmt: skip
        if allowed is not None and value not in allowed:
            raise Rule(f"{name} takes one of {', '.join(allowed)}, got {value!r}", "test")
        if name == "points_at_least" and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise Rule(f"points_at_least takes the least points of the ranking, got {value!r}", "test")
        if name == "members_share" and not (
            isinstance(value, dict)
            and len(value) == 2
            and "title" in value
            and ({"at_least", "more_than"} & set(value))
            and 0 <= float(value.get("at_least", value.get("more_than"))) <= 100
        ):
            raise Rule("members_share takes {title: …, at_least: a %} or {title: …, more_than: a %}", "test")


class Cap(Schema):
    """At most ``at_most`` % of those who hold ``share_of`` may hold the title."""

    share_of: Id
    at_most: Annotated[float, say(gt=0, le=100, error="must be a % in (0, 100], got {value!r}")]
    quote: Text
    source: Source


class Title(Schema):
    """One title or commendation: who receives it, who awards it, its dates, criteria and cap."""

    place: ClassVar = ("title '{id}'", "title #{n}")
    id: Id
    name: Text
    for_: Annotated[Literal[TITLE_KINDS], say(error=f"must be one of {', '.join(TITLE_KINDS)}")] = msgspec.field(
        name="for"
    )
    awarded_by: str | None = None  # who decides it, where the sources read say so
    since: dt.date | None = None  # None: the source read does not give the date it took effect
    until: dt.date | None = None
    criteria: Annotated[list[Criterion], say(min_length=1, max_length=30)] = msgspec.field(default_factory=list)
    cap: Cap | None = None
    reward_as: str | None = None  # the name the reward decrees give this title, where it differs


class OfficeRule(Schema):
    """A rule the office sets where no source was found: it is applied as a criterion of the named titles."""

    place: ClassVar = ("office rule '{id}'", "office rule #{n}")
    id: Id
    titles: Annotated[list[Id], say(min_length=1)]
    test: dict[str, Any]
    quote: Text  # the office's own words, e.g. its council's decision
    set_by: Literal["office"] = "office"


class BaseSalary(Schema):
    """The base salary (mức lương cơ sở) from a date, in đồng a month, as the decree that set it writes it."""

    place: ClassVar = ("base salary from {since}", "base salary #{n}")
    since: dt.date
    amount: Annotated[int, say(gt=0, le=10**9, error="must be a whole number of đồng, got {value!r}")]
    quote: Text
    source: Source


class RewardLine(Schema):
    """One title's reward in a decree: ``times`` the base salary."""

    place: ClassVar = ("reward of '{title}'", "reward #{n}")
    title: Text  # the title's name as thidua's titles give it ("Lao động tiên tiến")
    times: Annotated[float, say(gt=0, le=100, error="must be a positive multiple of the base salary, got {value!r}")]
    quote: Text


class RewardDecree(Schema):
    """A decree's rewards for titles, from the date it took effect; the later decree in force prevails."""

    place: ClassVar = ("rewards from {since}", "rewards #{n}")
    since: dt.date
    source: Source
    lines: Annotated[list[RewardLine], say(min_length=1, max_length=100)]
    round_up_to: Annotated[int, say(gt=0, le=10**7)] | None = None  # đồng: the decree's rounding, where found
    rounding_quote: str | None = None


class TitlesFile(Schema):
    """A titles file: the titles in order of dependence, the office's own rules, base salaries and rewards."""

    status: Literal["official", "sample"] = "official"
    titles: Annotated[list[Title], say(min_length=1, max_length=100)] = msgspec.field(default_factory=list)
    office_rules: list[OfficeRule] = msgspec.field(default_factory=list)
    base_salary: list[BaseSalary] = msgspec.field(default_factory=list)
    rewards: list[RewardDecree] = msgspec.field(default_factory=list)

    def __post_init__(self) -> None:
        """Ids are unique; a title depends only on titles before it; office rules name known titles."""
        seen: set[str] = set()
        for i, title in enumerate(self.titles):
            for criterion in title.criteria:
                ((name, value),) = criterion.test.items()
                needed = value["title"] if name == "members_share" else value
                if name in ("has_title", "members_share", "member_with") and needed not in seen:
                    raise Rule(f"depends on {needed!r}, which must come before it", "criteria", ("titles", i))
            if title.cap is not None and title.cap.share_of not in seen:
                raise Rule(f"caps on {title.cap.share_of!r}, which must come before it", "cap", ("titles", i))
            if title.id in seen:
                raise Rule("is used by an earlier title", "id", ("titles", i))
            seen.add(title.id)
        for i, rule in enumerate(self.office_rules):
            unknown = [t for t in rule.titles if t not in seen]
            if unknown:
                raise Rule(f"names {unknown[0]!r}, which is no title of the file", "titles", ("office_rules", i))
        self._check_dated()

    def _check_dated(self) -> None:
        """Base salaries and rewards in order of their dates; a rounding with its words; a title once a decree."""
        for key, dated in (("base_salary", self.base_salary), ("rewards", self.rewards)):
            for i in range(1, len(dated)):
                if dated[i].since <= dated[i - 1].since:
                    raise Rule("must be in order of their dates, one entry a date", "since", (key, i))
        for i, decree in enumerate(self.rewards):
            if (decree.round_up_to is None) != (decree.rounding_quote is None):
                raise Rule("round_up_to and rounding_quote go together (the rounding and its words)", "round_up_to",
                           ("rewards", i))  # fmt: skip
            names = [line.title.casefold() for line in decree.lines]
            if len(names) != len(set(names)):
                raise Rule("names a title twice", "lines", ("rewards", i))


def load_titles(path: str | Path) -> TitlesFile:
    """Read and check a titles file; refuse it with file, title and field."""
    path = Path(path)
    return convert(read_yaml(path), TitlesFile, path)


def in_force(titles: TitlesFile, year: int, day: dt.date | None = None) -> list[dict[str, Any]]:
    """The titles in force on 31 December of ``year`` (or on ``day``), the office's rules added to their criteria."""
    day = day or dt.date(year, 12, 31)
    rules = []
    for title in titles.titles:
        if (title.since is not None and title.since > day) or (title.until is not None and title.until < day):
            continue
        criteria = [msgspec.structs.asdict(c) | {"source": msgspec.structs.asdict(c.source)} for c in title.criteria]
        for rule in (r for r in titles.office_rules if title.id in r.titles):
            criteria.append({"id": rule.id, "test": rule.test, "quote": rule.quote,
                             "source": {"document": "office", "article": "", "url": None}})  # fmt: skip
        cap = title.cap and msgspec.structs.asdict(title.cap) | {"source": msgspec.structs.asdict(title.cap.source)}
        rules.append({"id": title.id, "name": title.name, "for": title.for_, "awarded_by": title.awarded_by,
                      "criteria": criteria, "cap": cap or None, "reward_as": title.reward_as})  # fmt: skip
    return rules


def registrable(titles: list[dict[str, Any]]) -> tuple[str, ...]:
    """The ids of the titles one registers for on the roster (people and offices; hamlets are not on it)."""
    return tuple(t["id"] for t in titles if t["for"] in KINDS)
