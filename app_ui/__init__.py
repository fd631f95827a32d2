"""The Streamlit side: frame (sign-in, sessions, safe page runs), state (filters, URL, cache), widgets (charts, tables, downloads), panels (import, backups, SQL console)."""
