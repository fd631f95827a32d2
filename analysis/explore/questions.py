"""What the explorer can be asked: a measure, up to two dimensions, and which pairs make sense.

Measures and dimensions are names from these whitelists only; the SQL each one stands for is fixed text
here and in `analysis/queries/explore/`, so nothing a user types ever becomes part of a query.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from analysis.errors import AllianceError
from analysis.store.contract import EVENT_FORMATS, EVENT_TYPES, MEMBER_TYPES, PARTICIPATION_ROLES

TIME_DIMENSIONS = ("year", "quarter", "month")  # each is also the grain of its periods
# One row per event or per member unit: a ranking or a list, never split by a second dimension.
ENTITY_DIMENSIONS = ("event", "member")
# The facts column each entity dimension groups by.
ENTITY_COLUMNS = {"event": "event_id", "member": "member_id"}
MEMBER_DIMENSIONS = (*TIME_DIMENSIONS, "country", "region", "member_type")
EVENT_DIMENSIONS = (*TIME_DIMENSIONS, "country", "region", "event_type", "format")
PARTICIPATION_DIMENSIONS = (
    *TIME_DIMENSIONS,
    "country",
    "region",
    "member_type",
    "event_type",
    "format",
    "role",
)
DIMENSIONS = (
    "year",
    "quarter",
    "month",
    "country",
    "region",
    "member_type",
    "event_type",
    "format",
    "role",
    *ENTITY_DIMENSIONS,
)

# Every value an enumerated dimension can take: the pivot shows them all (0 where none), as the metrics do.
DIMENSION_VALUES: dict[str, tuple[str, ...]] = {
    "member_type": MEMBER_TYPES,
    "event_type": EVENT_TYPES,
    "format": EVENT_FORMATS,
    "role": PARTICIPATION_ROLES,
}


@dataclass(frozen=True)
class Measure:
    """A countable thing: the facts query it counts over, the aggregate (fixed SQL) and its dimensions."""

    name: str
    facts_query: str
    aggregate: str
    dimensions: tuple[str, ...]


MEASURES: dict[str, Measure] = {
    measure.name: measure
    for measure in (
        # Members active on each period's last day (without a time dimension: on the series' last day).
        # A facts row is one (period, member), so count(*) counts members (and is far faster than distinct).
        Measure("members_active", "explore/member_active_facts", "count(*)", MEMBER_DIMENSIONS),
        Measure("members_joined", "explore/member_joined_facts", "count(*)", MEMBER_DIMENSIONS),
        Measure("members_left", "explore/member_left_facts", "count(*)", MEMBER_DIMENSIONS),
        Measure("events", "explore/event_facts", "count(*)", EVENT_DIMENSIONS),
        # By event: every event that passes the filters, ranked (0 where nothing was reported).
        Measure(
            "attendees", "explore/event_facts", "coalesce(sum(attendees), 0)", (*EVENT_DIMENSIONS, "event")
        ),
        Measure(
            "online_viewers",
            "explore/event_facts",
            "coalesce(sum(online_viewers), 0)",
            (*EVENT_DIMENSIONS, "event"),
        ),
        # Members active on the period's last day with at least one participation in the period.
        Measure(
            "engaged_members",
            "explore/participation_facts",
            "count(distinct member_id) filter (where is_active_on(joined_on, left_on, period_end))",
            PARTICIPATION_DIMENSIONS,
        ),
        # By event: member units taking part in each event (events ranked by participants); by member:
        # events each member took part in. Only events and members with a participation are listed.
        Measure(
            "participations",
            "explore/participation_facts",
            "count(*)",
            (*PARTICIPATION_DIMENSIONS, "event", "member"),
        ),
        # Members active on the period's last day who have taken part in no event up to that day (ever).
        Measure(
            "members_never_attended",
            "explore/member_never_attended_facts",
            "count(*)",
            (*MEMBER_DIMENSIONS, "member"),
        ),
    )
}
# Measures that count members one each: broken down by member they are a list, not a ranking.
LISTING_MEASURES = ("members_never_attended",)
DEFAULT_MEASURE = "members_active"

# URL query parameters of the question (the filter bar owns the filters' own parameters).
PARAMETER_MEASURE = "measure"
PARAMETER_ROWS = "rows"
PARAMETER_COLUMNS = "cols"
QUESTION_PARAMETERS = (PARAMETER_MEASURE, PARAMETER_ROWS, PARAMETER_COLUMNS)


@dataclass(frozen=True)
class ExploreQuestion:
    """A measure broken down by up to two dimensions (`rows`, then `columns`); None = not broken down."""

    measure: str = DEFAULT_MEASURE
    rows: str | None = None
    columns: str | None = None

    @property
    def dimensions(self) -> tuple[str, ...]:
        return tuple(dimension for dimension in (self.rows, self.columns) if dimension)

    @property
    def entity_dimension(self) -> str | None:
        """The event or member dimension asked for, if any (it is then the only dimension)."""
        return next((dimension for dimension in self.dimensions if dimension in ENTITY_DIMENSIONS), None)

    @property
    def time_dimension(self) -> str | None:
        """The time dimension asked for (its name is the period grain), if any."""
        return next((dimension for dimension in self.dimensions if dimension in TIME_DIMENSIONS), None)

    def checked(self) -> ExploreQuestion:
        """The question itself when it can be answered, else an AllianceError saying what to change."""
        if self.measure not in MEASURES:
            raise AllianceError(
                f"Unknown measure {self.measure!r}: the explorer counts {', '.join(MEASURES)}. Pick one of those."
            )
        allowed = MEASURES[self.measure].dimensions
        for dimension in self.dimensions:
            if dimension not in allowed:
                raise AllianceError(
                    f"The measure {self.measure} cannot be broken down by {dimension!r}: "
                    f"choose among {', '.join(allowed)}."
                )
        if self.rows and self.rows == self.columns:
            raise AllianceError(f"Both dimensions are {self.rows!r}: choose two different ones, or only one.")
        if len(self.dimensions) > 1 and any(dimension in ENTITY_DIMENSIONS for dimension in self.dimensions):
            raise AllianceError(
                "A breakdown by event or by member lists each one: it cannot be split by a second dimension. "
                "Leave 'and by' empty."
            )
        if sum(dimension in TIME_DIMENSIONS for dimension in self.dimensions) > 1:
            raise AllianceError("Choose at most one of year, quarter and month: they are the same time axis.")
        if self.columns and not self.rows:
            return ExploreQuestion(self.measure, self.columns, None)
        return self

    def to_query(self) -> dict[str, str]:
        """The URL query parameters that reopen this question (defaults left out)."""
        query = {PARAMETER_MEASURE: self.measure}
        if self.rows:
            query[PARAMETER_ROWS] = self.rows
        if self.columns:
            query[PARAMETER_COLUMNS] = self.columns
        return query


def question_from_query(query: Mapping[str, str | None]) -> tuple[ExploreQuestion, list[str]]:
    """The question a URL asks, and the parts of it that were ignored (unknown or not fitting the measure)."""
    ignored: list[str] = []
    measure = query.get(PARAMETER_MEASURE) or DEFAULT_MEASURE
    if measure not in MEASURES:
        ignored.append(f"{PARAMETER_MEASURE}={measure}")
        measure = DEFAULT_MEASURE
    kept: list[str | None] = []
    for parameter in (PARAMETER_ROWS, PARAMETER_COLUMNS):
        dimension = query.get(parameter) or None
        candidate = ExploreQuestion(measure, *[*kept, dimension])
        try:
            candidate.checked()
        except AllianceError:
            ignored.append(f"{parameter}={dimension}")
            dimension = None
        kept.append(dimension)
    return ExploreQuestion(measure, kept[0], kept[1]).checked(), ignored
