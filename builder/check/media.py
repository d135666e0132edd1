"""Audio and video need captions or a transcript: deaf and hard-of-hearing learners, noisy
offices and muted phones all depend on them (WCAG 1.2.1, 1.2.2)."""
from __future__ import annotations

import posixpath

from ..paths import AUDIO_EXT, VIDEO_EXT, caption_tracks, link_target
from .context import Context
from .registry import Finding, rule

MEDIA_EXT = VIDEO_EXT + AUDIO_EXT


def _has_transcript(ctx: Context, target: str, linked: set[str]) -> bool:
    folder, name = posixpath.split(target)
    stem = posixpath.splitext(name)[0].lower()
    beside = ctx.root / folder
    if any(p.name.lower().startswith(stem) and "transcript" in p.name.lower() for p in beside.glob("*")):
        return True
    return any("transcript" in posixpath.basename(t).lower() for t in linked)


@rule("captions")
def missing_captions(ctx: Context):
    """An audio or video file has no captions (.vtt beside it) and no transcript."""
    reported = set()
    for doc in ctx.documents():
        targets = {t for t in (link_target(doc.path, link.href) for link in doc.links) if t}
        for link in doc.links:
            target = link_target(doc.path, link.href)
            if not target or not target.lower().endswith(MEDIA_EXT) or (doc.path, target) in reported:
                continue
            reported.add((doc.path, target))
            if caption_tracks(ctx.root, target) or _has_transcript(ctx, target, targets):
                continue
            kind = "video" if target.lower().endswith(VIDEO_EXT) else "audio"
            stem = posixpath.splitext(target)[0]
            yield Finding(f"{kind} '{link.href}' has no captions or transcript", link.ref,
                          f"add WebVTT captions as '{stem}.vtt' beside it, or a transcript such as "
                          f"'{stem}-transcript.md' linked from this page")
