"""The headline figures an alert rule may name (fields of `HeadlineFigures` that are numbers)."""

HEADLINE_FIGURE_NAMES = (
    "members",
    "countries",
    "regions",
    "new_members_ytd",
    "departed_members_ytd",
    "members_yoy",
    "chairs",
    "vice_chairs",
    "events_ytd",
    "event_attendees_ytd",
    "engaged_members_ytd",
    "engagement_rate_ytd",
    "new_countries_ytd",
    "share_outside_host_country",
    "effective_number_of_countries",
)
