"""imsmanifest.xml for SCORM 1.2 and 2004 (3rd or 4th edition): one SCO, identifiers from the course id."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from lxml import etree

from ..catalogue import catalogue
from ..model import Course

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Spec:
    """Everything that differs between the SCORM versions' manifests."""

    name: str
    schemaversion: str
    ns: dict
    schema_locations: str
    scormtype_attr: str


SCORM12 = Spec(
    name="1.2",
    schemaversion="1.2",
    ns={None: "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
        "imsmd": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
        "xsi": XSI},
    schema_locations=("http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd "
                      "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
                      "http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd"),
    scormtype_attr="scormtype",
)

_NS2004 = {None: "http://www.imsglobal.org/xsd/imscp_v1p1",
           "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
           "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
           "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
           "imsss": "http://www.imsglobal.org/xsd/imsss",
           "xsi": XSI}
_LOC2004 = ("http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd "
            "http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd "
            "http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd "
            "http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd "
            "http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd")
SCORM2004 = {
    3: Spec("2004", "2004 3rd Edition", _NS2004, _LOC2004, "scormType"),
    4: Spec("2004", "2004 4th Edition", _NS2004, _LOC2004, "scormType"),
}


def ncname(text: str) -> str:
    """XML ids must be NCNames: start with a letter and use no ':'."""
    cleaned = re.sub(r"[^A-Za-z0-9_.-]", "-", text)
    return cleaned if re.match(r"[A-Za-z_]", cleaned) else "c-" + cleaned


METADATA_FILE = "metadata.xml"


def build_manifest(course: Course, spec: Spec, files: list[str]) -> dict[str, bytes]:
    """imsmanifest.xml, and for 2004 the LOM record it points to.

    1.2 carries its IMS metadata inline. 2004 keeps LOM in its own file (adlcp:location),
    because the 3rd edition's content-packaging schema allows no inline LOM without lom.xsd."""
    ns = spec.ns
    extra: dict[str, bytes] = {}
    # A translation is a package of its own: an LMS that keys courses by manifest identifier
    # on re-upload must not take the French zip for a new version of the English one.
    base = ncname(course.id if course.source_language is None else f"{course.id}-{course.language}")

    def el(parent, tag: str, text: str | None = None, prefix: str | None = None, **attrs):
        node = etree.SubElement(parent, etree.QName(ns[prefix], tag))
        if text is not None:
            node.text = text
        for key, value in attrs.items():
            node.set(key, value)
        return node

    root = etree.Element(etree.QName(ns[None], "manifest"), nsmap=ns)
    root.set("identifier", base)
    root.set("version", course.version)
    root.set(etree.QName(XSI, "schemaLocation"), spec.schema_locations)

    metadata = el(root, "metadata")
    el(metadata, "schema", "ADL SCORM")
    el(metadata, "schemaversion", spec.schemaversion)
    if spec.name == "1.2":
        _lom12(el, metadata, course)
    else:
        el(metadata, "location", METADATA_FILE, prefix="adlcp")
        extra[METADATA_FILE] = _lom2004(course)

    orgs = el(root, "organizations", default=f"{base}-org")
    org = el(orgs, "organization", identifier=f"{base}-org")
    el(org, "title", course.title)
    item = el(org, "item", identifier=f"{base}-item", identifierref=f"{base}-sco")
    el(item, "title", course.title)
    mark = course.assessment.pass_mark if course.assessment is not None else None
    if mark is not None:  # an assessment always has one (builder/load_quiz.py)
        if spec.name == "1.2":
            # Moodle turns a score into passed/failed at LMSFinish when a mastery score is set; under
            # `completion: screens` the 1.2 status is `completed` whatever the score (builder/completion.py).
            if course.completion != "screens":
                el(item, "masteryscore", str(mark), prefix="adlcp")
        else:
            seq = el(item, "sequencing", prefix="imsss")
            objectives = el(seq, "objectives", prefix="imsss")
            primary = el(objectives, "primaryObjective", prefix="imsss",
                         objectiveID=f"{base}-passed", satisfiedByMeasure="true")
            el(primary, "minNormalizedMeasure", _measure(mark), prefix="imsss")

    resources = el(root, "resources")
    resource = el(resources, "resource", identifier=f"{base}-sco", type="webcontent", href="index.html")
    resource.set(etree.QName(ns["adlcp"], spec.scormtype_attr), "sco")
    for name in files:  # package paths (a course file's name may hold a space): as URLs, encoded
        el(resource, "file", href=quote(name, safe="/"))
    return {"imsmanifest.xml": _xml(root), **extra}


def _xml(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _measure(pass_mark: int) -> str:
    return format(pass_mark / 100, "g")  # 80 → "0.8"


def typical_minutes(course: Course) -> int | None:
    """How long the course takes: course.yaml `duration` (the author's figure for the whole course,
    assessment included, which `check` compares with its own estimate); without it, the lessons'
    durations added up, or None when a lesson gives none (no guess)."""
    if course.duration:
        return course.duration
    durations = [s.lesson.duration for s in course.screens if s.lesson is not None]
    if not durations or None in durations:
        return None
    return sum(d for d in durations if d is not None)


def _duration(minutes: int) -> str:
    hours, minutes = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes or not hours else "")


def admin_note(course: Course) -> str:
    """What an LMS admin needs before setting the course up: size, duration, completion rule, pass mark,
    attempts; in the course's language. It goes in LOM educational/description, not general/description,
    which LMSs show to learners."""
    t = catalogue(course.language)
    parts = [t["admin_heading"], t["admin_screens"].replace("{screens}", str(len(course.screens)))]
    minutes = typical_minutes(course)
    if minutes:
        parts.append(t["admin_duration"].replace("{minutes}", str(minutes)))
    quiz = course.assessment
    if quiz is None:
        parts.append(t["admin_rule_none"])
    else:
        parts.append(t[f"admin_rule_{course.completion}"])
        parts.append(t["admin_pass_mark"].replace("{pass_mark}", str(quiz.pass_mark)))
        parts.append(t["admin_attempts"].replace("{attempts}", str(quiz.attempts)) if quiz.attempts
                     else t["admin_attempts_unlimited"])
        parts.append(t["admin_score"])
    return " ".join(parts)


def _lom12(el, metadata, course: Course) -> None:
    lang = course.language
    lom = el(metadata, "lom", prefix="imsmd")
    general = el(lom, "general", prefix="imsmd")
    title = el(general, "title", prefix="imsmd")
    el(title, "langstring", course.title, prefix="imsmd").set(XML_LANG, lang)
    el(general, "language", lang, prefix="imsmd")
    if course.description:
        description = el(general, "description", prefix="imsmd")
        el(description, "langstring", course.description, prefix="imsmd").set(XML_LANG, lang)
    lifecycle = el(lom, "lifecycle", prefix="imsmd")
    version = el(lifecycle, "version", prefix="imsmd")
    el(version, "langstring", course.version, prefix="imsmd").set(XML_LANG, lang)
    educational = el(lom, "educational", prefix="imsmd")
    minutes = typical_minutes(course)
    if minutes:
        el(el(educational, "typicallearningtime", prefix="imsmd"), "datetime", _duration(minutes), prefix="imsmd")
    note = el(educational, "description", prefix="imsmd")
    el(note, "langstring", admin_note(course), prefix="imsmd").set(XML_LANG, lang)


def _lom2004(course: Course) -> bytes:
    lom_ns = "http://ltsc.ieee.org/xsd/LOM"
    lang = course.language

    def el(parent, tag, text=None, **attrs):
        node = etree.SubElement(parent, etree.QName(lom_ns, tag), **attrs)
        node.text = text
        return node

    lom = etree.Element(etree.QName(lom_ns, "lom"), nsmap={None: lom_ns})
    general = el(lom, "general")
    el(el(general, "title"), "string", course.title, language=lang)
    el(general, "language", lang)
    if course.description:
        el(el(general, "description"), "string", course.description, language=lang)
    el(el(el(lom, "lifeCycle"), "version"), "string", course.version, language=lang)
    educational = el(lom, "educational")
    minutes = typical_minutes(course)
    if minutes:
        el(el(educational, "typicalLearningTime"), "duration", _duration(minutes))
    el(el(educational, "description"), "string", admin_note(course), language=lang)
    return _xml(lom)
