"""What a learning admin uploads: the zips' layout, manifests and determinism."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from builder.build import build
from support.schemas import validate_manifest

EXAMPLE = Path(__file__).parent / "fixtures" / "example"
STEM = "example-course-1.2.0"


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build(EXAMPLE, out)
    return out


def manifest(zip_path: Path) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(zip_path).read("imsmanifest.xml"))


def test_build_gives_both_zips_and_the_web_folder(dist):
    assert sorted(p.name for p in dist.iterdir()) == [
        f"{STEM}-items.csv", f"{STEM}-items.html", f"{STEM}-scorm12.zip", f"{STEM}-scorm2004.zip", f"{STEM}-web"]
    web = dist / f"{STEM}-web"
    assert (web / "index.html").is_file()
    assert not (web / "imsmanifest.xml").exists()


@pytest.mark.parametrize("name,version", [("scorm12", "1.2"), ("scorm2004", "2004-3")])
def test_manifest_validates_against_the_official_xsd(dist, name, version):
    xml = zipfile.ZipFile(dist / f"{STEM}-{name}.zip").read("imsmanifest.xml")
    assert validate_manifest(xml, version) == []


def test_fourth_edition_on_request(tmp_path):
    build(EXAMPLE, tmp_path, formats=("scorm2004",), scorm2004_edition=4)
    xml = zipfile.ZipFile(tmp_path / f"{STEM}-scorm2004.zip").read("imsmanifest.xml")
    assert validate_manifest(xml, "2004-4") == []
    assert b"<schemaversion>2004 4th Edition</schemaversion>" in xml


def test_a_broken_manifest_is_rejected_by_the_validator(dist):
    # The validator must be able to fail, or the tests above prove nothing.
    xml = zipfile.ZipFile(dist / f"{STEM}-scorm12.zip").read("imsmanifest.xml")
    assert validate_manifest(xml.replace(b"<organizations", b"<organisations").replace(
        b"</organizations>", b"</organisations>"), "1.2")


@pytest.mark.parametrize("name", ["scorm12", "scorm2004"])
def test_every_file_is_referenced_and_every_reference_exists(dist, name):
    archive = zipfile.ZipFile(dist / f"{STEM}-{name}.zip")
    names = set(archive.namelist())
    root = manifest(dist / f"{STEM}-{name}.zip")
    files = {el.get("href") for el in root.iter("{*}file")}
    locations = {el.text for el in root.iter("{*}location")}
    assert files | locations | {"imsmanifest.xml"} == names
    resource = next(root.iter("{*}resource"))
    assert resource.get("href") == "index.html"
    assert len(list(root.iter("{*}resource"))) == 1  # a single SCO


@pytest.mark.parametrize("name", ["scorm12", "scorm2004"])
def test_zip_layout(dist, name):
    archive = zipfile.ZipFile(dist / f"{STEM}-{name}.zip")
    infos = archive.infolist()
    assert infos[0].filename == "imsmanifest.xml"
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos)
    assert all("\\" not in i.filename and not i.filename.startswith("/") for i in infos)
    server_side = (".php", ".py", ".sh", ".cgi", ".exe", ".pl", ".htaccess")
    assert not [i.filename for i in infos if i.filename.endswith(server_side)]


def test_identifiers_metadata_and_mastery_score(dist):
    root = manifest(dist / f"{STEM}-scorm12.zip")
    assert root.get("identifier") == "example-course"
    assert root.get("version") == "1.2.0"
    assert root.findtext(".//{*}organization/{*}title") == "Example course"
    assert root.findtext(".//{*}masteryscore") == "80"
    assert root.findtext(".//{*}lom/{*}general/{*}language") == "en"
    assert root.findtext(".//{*}lom/{*}general/{*}description/{*}langstring").startswith("A small course")
    root04 = manifest(dist / f"{STEM}-scorm2004.zip")
    objective = next(root04.iter("{*}primaryObjective"))
    assert objective.get("satisfiedByMeasure") == "true"
    assert objective.findtext("{*}minNormalizedMeasure") == "0.8"
    lom = etree.fromstring(zipfile.ZipFile(dist / f"{STEM}-scorm2004.zip").read("metadata.xml"))
    assert lom.findtext(".//{*}general/{*}title/{*}string") == "Example course"
    assert lom.findtext(".//{*}lifeCycle/{*}version/{*}string") == "1.2.0"


def test_no_mastery_score_without_an_assessment(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    config = (course / "course.yaml").read_text()
    config = config.replace("  - quiz: final-assessment\n", "").replace("assessment: final-assessment\n", "")
    (course / "course.yaml").write_text(config)
    (course / "quizzes" / "final-assessment.yaml").unlink()
    build(course, tmp_path / "out", formats=("scorm12", "scorm2004"))
    assert manifest(tmp_path / "out" / f"{STEM}-scorm12.zip").find(".//{*}masteryscore") is None
    assert manifest(tmp_path / "out" / f"{STEM}-scorm2004.zip").find(".//{*}primaryObjective") is None


def test_the_same_source_gives_byte_identical_packages(tmp_path):
    build(EXAMPLE, tmp_path / "a")
    build(EXAMPLE, tmp_path / "b")
    for name in (f"{STEM}-scorm12.zip", f"{STEM}-scorm2004.zip"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    web_a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    web_b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert web_a == web_b


def test_packages_are_readable_by_others_as_the_umask_allows(tmp_path):
    import os
    import stat
    old = os.umask(0o022)
    try:
        written = build(EXAMPLE, tmp_path / "dist")
    finally:
        os.umask(old)
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == (0o755 if path.is_dir() else 0o644), path


def test_a_damaged_template_cache_is_a_miss_not_a_failed_build(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = build(EXAMPLE, tmp_path / "a", formats=("scorm12",))[0].read_bytes()
    cached = list((tmp_path / "cache" / "coursebuilder" / "templates").iterdir())
    assert cached  # compiled templates were kept
    for path in cached:
        path.write_bytes(path.read_bytes()[:20])  # as after a crash or a full disk
    assert build(EXAMPLE, tmp_path / "b", formats=("scorm12",))[0].read_bytes() == first


def test_player_language_and_direction_follow_the_course(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    (course / "course.yaml").write_text((course / "course.yaml").read_text().replace("language: en", "language: ar"))
    build(course, tmp_path / "out", formats=("web",))
    html = (tmp_path / "out" / f"{STEM}-web" / "index.html").read_text()
    assert '<html lang="ar" dir="rtl">' in html
    assert "التالي" in html  # "Next" from the Arabic catalogue
