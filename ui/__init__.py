"""Gradio front end: one module per tab, composed in ui/layout.py. Talks only to backend.service and backend.types."""
