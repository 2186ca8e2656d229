"""Plotly charts: data in, ``go.Figure`` out; no streamlit."""
