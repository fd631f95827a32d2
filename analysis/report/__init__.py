"""Everything that leaves the dashboard as a file: print-quality images of any chart (one browser session
per batch), safe CSV/XLSX of the data behind it, and the annual report pack (`report_pack`)."""
