"""Figures and tables turned into files."""
