"""Pure-Python article analysis (no Django): extraction, gazetteer matching, tone, topics, dedup."""

from ttdn.monitoring.analysis.extract import Extracted, ExtractError, extract
from ttdn.monitoring.analysis.gazetteer import Gazetteer, Relevance, Term
from ttdn.monitoring.analysis.pipeline import analyze

__all__ = ["ExtractError", "Extracted", "Gazetteer", "Relevance", "Term", "analyze", "extract"]
