"""News fact-comparison dashboard: the pipeline (``dashboard.pipeline``), the CLI and the Streamlit app."""
