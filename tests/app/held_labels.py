"""What the browser holds for each choice widget (selectbox, multiselect, radio), as a real browser does.

A choice widget's value travels between the browser and the server as its label, not its code. The
browser keeps the label it was last given: the default option's on first drawing, the value the server
sends with the widget (`set_value`: session state changed it), or what the user picked. It sends that
label back on every rerun. AppTest does not: it re-labels each widget's value in the latest run's
language before sending it, so it cannot see a widget that the server re-labelled without telling the
browser. `HeldLabels` keeps the browser's side, and `out_of_step` names every widget whose held label is
not its value's label in the language shown (the next interaction would send a label that no longer
decodes: a selectbox falls back to its first option, a multiselect keeps the label as a value).

    held = HeldLabels(app)
    held.choose(app.selectbox(key="filter_grain"), "year")  # a user's pick: set, run, remember the label
    app.radio(key="filter_language").set_value("zh").run(); held.after_run(app)
    assert held.out_of_step(app) == []
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from streamlit.testing.v1 import AppTest


def _choice_widgets(app: AppTest) -> list[Any]:
    return [*app.selectbox, *app.multiselect, *app.radio]


def _labels_of(widget: Any, value: Any) -> tuple[str, ...]:
    values = value if widget.type == "multiselect" else [value]
    return tuple(str(widget.format_func(item)) for item in values if item is not None)


class HeldLabels:
    """widget id -> the labels the browser holds for it (a multiselect's in order)."""

    def __init__(self, app: AppTest) -> None:
        """Start in step with the page as `app` shows it now (the browser was sent each value on the way)."""
        self.held: dict[str, tuple[str, ...]] = {
            widget.id: _labels_of(widget, widget.value) for widget in _choice_widgets(app)
        }

    def after_run(self, app: AppTest) -> None:
        """Take in what a run sent: new widgets start from their default, `set_value` replaces the label,
        and a widget no longer drawn is forgotten (the browser unmounts it)."""
        drawn: dict[str, tuple[str, ...]] = {}
        for widget in _choice_widgets(app):
            proto = widget.proto
            if proto.set_value:
                raw: Sequence[str] = proto.raw_values if widget.type == "multiselect" else [proto.raw_value]
                drawn[widget.id] = tuple(raw)
            elif widget.id in self.held:
                drawn[widget.id] = self.held[widget.id]
            else:
                defaults = list(proto.default) if widget.type == "multiselect" else [proto.default]
                drawn[widget.id] = tuple(widget.options[index] for index in defaults if widget.options)
        self.held = drawn

    def choose(self, widget: Any, value: Any) -> None:
        """The user picks `value` (codes) in `widget`: the browser now holds its labels as shown."""
        labels = _labels_of(widget, value)
        app = widget.set_value(value).run()
        self.held[widget.id] = labels
        self.after_run(app)

    def out_of_step(self, app: AppTest) -> list[str]:
        """Widgets whose held labels are not the labels of their values as the page shows them now."""
        wrong: list[str] = []
        for widget in _choice_widgets(app):
            expected = _labels_of(widget, widget.value)
            held = self.held.get(widget.id, ())
            if held != expected:
                wrong.append(f"{widget.key or widget.id}: browser holds {held}, the page shows {expected}")
        return wrong
