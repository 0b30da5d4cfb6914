"""`backup` / `restore`: data changed or lost after a backup comes back exactly (row counts of
every table and SHA-256 of every evidence file), and a tampered archive is refused.

Runs on SQLite (online backup API) and, under scripts/test-postgres.sh, on PostgreSQL
(pg_dump -Fc / pg_restore --clean)."""

from __future__ import annotations

import io
import tarfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from doorstroom.employees.models import Employee
from doorstroom.mandates.models import Evidence
from doorstroom.operations import backup as backups
from doorstroom.organisations.services import organisation_create
from tests.faults.test_faults_integrity import approved_application
from tests.monitoring.conftest import chain

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def archive(media: Path, tmp_path: Path, organisation: Any, other_organisation: Any) -> Path:
    approved_application(organisation)
    chain(
        other_organisation,
        referred_on=date(2024, 1, 2),
        started_on=date(2024, 1, 3),
        ended_on=date(2024, 4, 1),
        outcome="hired",
    )
    chain(other_organisation, referred_on=date(2024, 2, 2), started_on=date(2024, 2, 3))
    path = tmp_path / "backups" / "b.tar.gz"
    out = run("backup", "--output", str(path))
    files = sum(1 for item in media.rglob("*") if item.is_file())
    assert files >= 5  # evidence PDFs, raw e-mail and letters
    assert "backup: " in out and f"{files} media files" in out
    return path


def test_restore_brings_back_counts_and_checksums(archive: Path, media: Path) -> None:
    before_counts = backups.table_counts()
    before_media = backups.media_checksums(media)
    names = sorted(Employee.objects.values_list("family_name", flat=True))
    # Damage after the backup: new rows, changed rows, a lost row and file, a corrupted file,
    # a stray file.
    organisation_create(
        enterprise_number="0417.497.106", name="Nieuw na de backup", postal_code="9000"
    )
    Employee.objects.update(family_name="Gewijzigd")
    lost = Evidence.objects.order_by("id").first()
    assert lost is not None
    Path(lost.file.path).unlink()
    lost.delete()
    corrupted = Evidence.objects.order_by("id").last()
    assert corrupted is not None
    Path(corrupted.file.path).write_bytes(b"%PDF-1.4 kapot")
    (media / "evidence" / "stray.pdf").write_bytes(b"%PDF-1.4 los")
    assert backups.table_counts() != before_counts

    assert "Nothing restored" in run("restore", str(archive))  # without --yes: only a check
    assert backups.table_counts() != before_counts

    out = run("restore", str(archive), "--yes")
    assert "match the manifest" in out
    assert backups.table_counts() == before_counts
    assert backups.media_checksums(media) == before_media
    assert sorted(Employee.objects.values_list("family_name", flat=True)) == names
    assert "integrity: ok" in run("check_integrity")


def test_manifest_lists_every_table_and_file(archive: Path, media: Path) -> None:
    with tarfile.open(archive) as tar:
        manifest = backups.Manifest.from_json(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        names = tar.getnames()
    assert manifest.tables == backups.table_counts()
    assert manifest.tables["mandates_evidence"] == 5
    assert manifest.media == backups.media_checksums(media)
    assert manifest.database_file in names


def test_a_tampered_archive_is_refused(archive: Path, tmp_path: Path) -> None:
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else b""  # type: ignore[union-attr]
            if member.name.startswith("media/") and member.name.endswith(".pdf"):
                data = data.replace(b"%PDF", b"%PDX", 1)
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    counts = backups.table_counts()
    with pytest.raises(CommandError, match="Media files differ"):
        run("restore", str(tampered), "--yes")
    assert backups.table_counts() == counts  # nothing touched


def test_an_archive_escaping_its_directory_is_refused(tmp_path: Path, media: Path) -> None:
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        info = tarfile.TarInfo("../../etc/evil")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(CommandError, match="Unsafe archive member"):
        run("restore", str(evil), "--yes")
