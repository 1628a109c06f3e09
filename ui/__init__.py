"""Gradio front end: one module per tab, composed in ui/app_layout.py. Talks only to backend.service."""
