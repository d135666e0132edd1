"""The player's interface strings: one catalogue per language, English filling any gap."""
from __future__ import annotations

import functools
from importlib import resources

from .yamlsrc import load_plain


RTL_LANGUAGES = {"ar", "he", "fa", "ur", "ps", "ckb", "dv", "yi"}
FALLBACK = "en"
ADMIN_PREFIX = "admin_"  # strings for LMS admins (the manifest's metadata), never sent to the player


def primary(language: str) -> str:
    return language.split("-")[0].lower()


def direction(language: str) -> str:
    return "rtl" if primary(language) in RTL_LANGUAGES else "ltr"


def available() -> list[str]:
    folder = resources.files("builder.catalogues")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


@functools.cache
def _read(code: str) -> dict[str, str]:
    path = resources.files("builder.catalogues") / f"{code}.yaml"
    if not path.is_file():
        return {}
    return {str(k): str(v) for k, v in (load_plain(path.read_text(encoding="utf-8")) or {}).items()}


@functools.cache
def catalogue(language: str) -> dict[str, str]:
    """Strings for a language tag; falls back key by key to English."""
    strings = dict(_read(FALLBACK))
    strings.update(_read(primary(language)))
    return strings
