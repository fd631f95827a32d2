"""Tables leaving the product (CSV, XLSX), written safely: see `safe_cells`; `tables` and `template` build on it."""
