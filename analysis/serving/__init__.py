"""Serving the dashboard to many people: N Streamlit processes behind Debian's nginx (`make serve`)."""
