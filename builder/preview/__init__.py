"""`coursebuilder preview`: in-memory incremental builds served in a local LMS page (see server.py)."""
from .incremental import PreviewBuilder

__all__ = ["PreviewBuilder"]
