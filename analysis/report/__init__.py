"""The annual report pack: its figure catalogue, the PDF, the slides, the workbook and the analysts' annex."""
