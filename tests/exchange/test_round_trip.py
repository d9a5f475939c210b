"""Export, import into an empty database, export again: the same bytes, for every kind and format."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from frontline.cases.models import Case, Contact
from frontline.core.models import AuditEntry
from frontline.customers.models import Customer
from frontline.exchange.exporting import export_rows
from frontline.exchange.formats import FileFormat
from frontline.exchange.importing import ImportOptions, import_file
from frontline.exchange.kinds import KINDS


def _export(kind: str, file_format: FileFormat) -> str:
    sink = io.StringIO(newline="")
    export_rows(kind, sink, file_format)
    return sink.getvalue()


@pytest.mark.parametrize("file_format", list(FileFormat))
def test_round_trip_gives_the_same_bytes(dataset, tmp_path: Path, file_format: FileFormat) -> None:
    first = {kind: _export(kind, file_format) for kind in KINDS}
    Contact.objects.all().delete()
    Case.objects.all().delete()
    Customer.objects.all().delete()

    for kind in KINDS:
        path = tmp_path / f"{kind}.{file_format.value}"
        path.write_bytes(first[kind].encode())
        import_file(kind, path, ImportOptions())

    second = {kind: _export(kind, file_format) for kind in KINDS}
    for kind in KINDS:
        assert second[kind].encode() == first[kind].encode(), kind
    assert Case.objects.count() == 3
    assert sorted(Case.objects.values_list("id", flat=True)) == sorted(case.pk for case in dataset.cases)
    assert AuditEntry.objects.filter(actor_label="import", action="case.imported").count() == 3
