"""Packaging: manifests and deterministic archives."""
