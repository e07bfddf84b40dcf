"""Pure pandas figures from stored reports: no Streamlit, no database."""
