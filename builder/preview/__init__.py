"""`coursebuilder preview`: in-memory incremental builds served in a local LMS page (see server.py)."""
from .incremental import PreviewBuilder, available_languages

__all__ = ["PreviewBuilder", "available_languages"]
