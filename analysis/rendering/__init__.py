"""Figures and tables turned into files: one browser session for images and PDFs, fonts, captions, plotly.js."""
