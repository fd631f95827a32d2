"""The pivot explorer: a measure by up to two dimensions under the shared filters, counted as the metrics count."""

from analysis.explore.pivot import ExploreResult, explore
from analysis.explore.questions import DIMENSIONS, MEASURES, ExploreQuestion, question_from_query

__all__ = ["DIMENSIONS", "MEASURES", "ExploreQuestion", "ExploreResult", "explore", "question_from_query"]
