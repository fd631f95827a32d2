"""Synthetic alliance data at any size, for the benchmark and load tests (never for the demo)."""

from analysis.synth.generator import SynthSize, SynthSummary, generate_synthetic_data

__all__ = ["SynthSize", "SynthSummary", "generate_synthetic_data"]
