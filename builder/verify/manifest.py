"""imsmanifest.xml of any SCORM 1.2 or 2004 package: its version, what the LMS launches, the pass
mark it declares and every file it names. Read with no network and no DTDs, as untrusted input."""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from lxml import etree

from .findings import Findings

MANIFEST = "imsmanifest.xml"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
ADLCP12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
ADLCP2004 = "http://www.adlnet.org/xsd/adlcp_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"
EDITIONS = {"1.2": "1.2", "CAM 1.3": "2004-3", "2004 3rd Edition": "2004-3", "2004 4th Edition": "2004-4"}
LABELS = {"1.2": "SCORM 1.2", "2004-3": "SCORM 2004 3rd Edition", "2004-4": "SCORM 2004 4th Edition"}


@dataclass(frozen=True)
class Launch:
    href: str  # path inside the package, with xml:base applied
    query: str  # resource query + item parameters, as the LMS appends them
    title: str
    line: int

    @property
    def target(self) -> str:
        """What the LMS opens: the file and its query."""
        return self.href + (f"?{self.query}" if self.query else "")


@dataclass(frozen=True)
class Manifest:
    xml: bytes
    version: str  # "1.2", "2004-3", "2004-4": also the schema set that validates it
    identifier: str
    title: str
    launch: Launch | None
    sco_count: int
    mastery: str | None  # as the manifest writes it: "80" (1.2 masteryscore) or "0.8" (2004 minNormalizedMeasure)
    files: tuple[tuple[str, int], ...]  # every file the manifest names, with its line

    @property
    def family(self) -> str:
        return "1.2" if self.version == "1.2" else "2004"

    @property
    def label(self) -> str:
        return LABELS[self.version]


def read_manifest(xml: bytes, found: Findings) -> Manifest | None:
    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        found.error("xml", f"not well-formed XML: {exc.msg}", MANIFEST, exc.lineno,
                    hint="an LMS refuses the upload; fix the manifest or build the package again")
        return None
    if etree.QName(root).localname != "manifest":
        found.error("manifest", f"the root element is <{etree.QName(root).localname}>, not <manifest>", MANIFEST,
                    root.sourceline)
        return None
    version = _version(root, found)
    if version is None:
        return None
    launch, scos = _launch(root, version, found)
    return Manifest(xml=xml, version=version, identifier=root.get("identifier") or "", title=_title(root),
                    launch=launch, sco_count=scos, mastery=_mastery(root, version, found), files=_files(root))


def _version(root, found: Findings) -> str | None:
    schemaversion = root.find("{*}metadata/{*}schemaversion")
    text = (schemaversion.text or "").strip() if schemaversion is not None else ""
    if text in EDITIONS:
        return EDITIONS[text]
    namespaces = set(root.nsmap.values()) | {etree.QName(e).namespace for e in root.iter() if isinstance(e.tag, str)}
    guess = "1.2" if ADLCP12 in namespaces else "2004-3" if ADLCP2004 in namespaces else None
    line = schemaversion.sourceline if schemaversion is not None else root.sourceline
    if guess is None:
        found.error("scorm-version", f"cannot tell the SCORM version (schemaversion '{text}', no ADL namespace)",
                    MANIFEST, line, hint="a SCORM manifest says <schemaversion>1.2</schemaversion> or "
                    "<schemaversion>2004 3rd Edition</schemaversion>")
        return None
    found.warning("scorm-version", f"schemaversion '{text}' is not a SCORM value; read as {LABELS[guess]} from its "
                  "namespaces", MANIFEST, line, hint="use '1.2', '2004 3rd Edition' or '2004 4th Edition'")
    return guess


def _title(root) -> str:
    orgs = root.find("{*}organizations")
    org = _default_org(orgs) if orgs is not None else None
    title = org.find("{*}title") if org is not None else None
    return " ".join((title.text or "").split()) if title is not None else ""


def _default_org(orgs):
    default = orgs.get("default")
    for org in orgs.iterfind("{*}organization"):
        if org.get("identifier") == default:
            return org
    return orgs.find("{*}organization")


def _base(element) -> str:
    """xml:base of the element and its ancestors, outermost first."""
    parts = []
    while element is not None:
        if element.get(XML_BASE):
            parts.append(element.get(XML_BASE))
        element = element.getparent()
    return "".join(reversed(parts))


def _scorm_type(resource) -> str:
    for key, value in resource.attrib.items():
        if etree.QName(key).localname.lower() == "scormtype":
            return value.lower()
    return ""


def _launch(root, version: str, found: Findings) -> tuple[Launch | None, int]:
    resources = {r.get("identifier"): r for r in root.iterfind("{*}resources/{*}resource")}
    scos = [r for r in resources.values() if _scorm_type(r) == "sco"]
    orgs = root.find("{*}organizations")
    org = _default_org(orgs) if orgs is not None else None
    if org is None:
        found.error("launch", "no <organization>: the LMS has nothing to launch", MANIFEST, root.sourceline,
                    hint="a package needs an organization with an item pointing at a resource")
        return None, len(scos)
    for item in org.iter("{*}item"):
        resource = resources.get(item.get("identifierref"))
        if item.get("identifierref") and resource is None:
            found.error("launch", f"item '{item.get('identifier')}' points at resource '{item.get('identifierref')}', "
                        "which the manifest does not have", MANIFEST, item.sourceline)
            continue
        if resource is None or not resource.get("href"):
            continue
        if _scorm_type(resource) != "sco":
            found.warning("launch", f"the first launchable item ('{item.get('identifier')}') is an asset, not a SCO: "
                          "it reports nothing to the LMS", MANIFEST, resource.sourceline,
                          hint="mark the resource that talks to the LMS adlcp:scormtype=\"sco\"" if version == "1.2"
                          else "mark the resource that talks to the LMS adlcp:scormType=\"sco\"")
        href = _base(resource) + resource.get("href")
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            found.error("launch", f"the launch file is outside the package ({href})", MANIFEST, resource.sourceline,
                        hint="launch a file inside the zip")
            return None, len(scos)
        query = "&".join(q for q in (parts.query, (item.get("parameters") or "").lstrip("?&")) if q)
        title = item.find("{*}title")
        return Launch(href=posixpath.normpath(unquote(parts.path)), query=query,
                      title=" ".join((title.text or "").split()) if title is not None else "",
                      line=resource.sourceline), len(scos)
    found.error("launch", "no item of the default organization points at a resource with an href", MANIFEST,
                org.sourceline, hint="the LMS has nothing to launch")
    return None, len(scos)


def _mastery(root, version: str, found: Findings) -> str | None:
    if version == "1.2":
        node = next(root.iter(f"{{{ADLCP12}}}masteryscore"), None)
        if node is None:
            return None
        text = (node.text or "").strip()
        if not re.fullmatch(r"\d+(\.\d+)?", text) or not 0 <= float(text) <= 100:
            found.error("mastery-score", f"masteryscore '{text}' is not a number from 0 to 100", MANIFEST,
                        node.sourceline, hint="Moodle compares it with the score out of 100")
        return text
    for objective in root.iter(f"{{{IMSSS}}}primaryObjective"):
        measure = objective.find(f"{{{IMSSS}}}minNormalizedMeasure")
        if measure is None or objective.get("satisfiedByMeasure") != "true":
            continue
        text = (measure.text or "").strip()
        try:
            ok = -1 <= float(text) <= 1
        except ValueError:
            ok = False
        if not ok:
            found.error("mastery-score", f"minNormalizedMeasure '{text}' is not a number from -1 to 1", MANIFEST,
                        measure.sourceline)
        return text
    return None


def _files(root) -> tuple[tuple[str, int], ...]:
    named = []
    for resource in root.iterfind("{*}resources/{*}resource"):
        base = _base(resource)
        hrefs = [(resource.get("href"), resource.sourceline)] if resource.get("href") else []
        hrefs += [(f.get("href"), f.sourceline) for f in resource.iterfind("{*}file") if f.get("href")]
        for href, line in hrefs:
            parts = urlsplit(base + href)
            if not parts.scheme and not parts.netloc:
                named.append((posixpath.normpath(unquote(parts.path)), line))
    for location in root.iter(f"{{{ADLCP2004}}}location", f"{{{ADLCP12}}}location"):
        if location.text and location.text.strip():
            named.append((posixpath.normpath(unquote(location.text.strip())), location.sourceline))
    return tuple(named)
