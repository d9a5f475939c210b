"""Reading files: CSV dialects, encodings, row numbering and the shapes of rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.customers.models import Customer
from frontline.exchange.formats import FileFormat, FileProblem, format_of
from frontline.exchange.importing import ImportOptions, import_file

from .helpers import imported, refused


@pytest.mark.parametrize(
    ("name", "explicit", "expected"),
    [
        ("a.csv", None, FileFormat.CSV),
        ("a.CSV", None, FileFormat.CSV),
        ("a.jsonl", None, FileFormat.JSONL),
        ("a.ndjson", None, FileFormat.JSONL),
        ("a.txt", "csv", FileFormat.CSV),
        ("a.csv", "JSONL", FileFormat.JSONL),
    ],
)
def test_the_format_comes_from_the_option_else_the_extension(name, explicit, expected):
    assert format_of(Path(name), explicit) is expected


def test_an_unknown_format_is_refused_with_what_to_do():
    with pytest.raises(FileProblem, match=r"Cannot tell the format of 'a\.txt'.*pass --format csv or jsonl"):
        format_of(Path("a.txt"), None)
    with pytest.raises(FileProblem, match=r"Unknown format 'xml'; use csv or jsonl\."):
        format_of(Path("a.csv"), "xml")


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_csv_delimiters_are_read_from_the_header(db, write_csv, delimiter):
    path = write_csv(["account_number", "name"], [["ACC-2", "Smith, Jane"]], delimiter=delimiter)

    imported("customers", path)

    assert Customer.objects.get().name == "Smith, Jane"


def test_a_byte_order_mark_and_crlf_line_ends_are_read(db, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffaccount_number,name\r\nACC-2,Zoë\r\n".encode())

    imported("customers", path)

    assert Customer.objects.get().name == "Zoë"


def test_a_csv_row_with_the_wrong_number_of_values_is_refused(db, tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("account_number,name\nACC-2,Grace\nACC-3,Alan,extra\nACC-4\n", encoding="utf-8")

    assert refused("customers", path) == [
        "row 2: has 3 values but the header names 2 columns",
        "row 3: has 1 values but the header names 2 columns",
    ]


def test_blank_lines_are_not_rows(db, tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('\n{"account_number": "ACC-2", "name": "A"}\n\n{"account_number": "ACC-2", "name": "B"}\n')

    assert refused("customers", path) == ["row 2, account_number: ACC-2 is already on row 1"]


def test_json_lines_that_are_not_objects_are_refused(db, tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"account_number": "ACC-2", "name": "A"\n["ACC-3"]\n', encoding="utf-8")

    assert refused("customers", path) == [
        "row 1: is not valid JSON (Expecting ',' delimiter at column 40)",
        "row 2: is not a JSON object",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty; a CSV file starts with a header row naming its columns."),
        (b"account_number,name\nACC-2,Ren\xe9\n", r"rows\.csv is not UTF-8 text"),
    ],
)
def test_files_that_cannot_be_read_are_refused(db, tmp_path, content, message):
    path = tmp_path / "rows.csv"
    path.write_bytes(content)

    with pytest.raises(FileProblem, match=message):
        import_file("customers", path, ImportOptions())


def test_a_missing_file_is_refused(db, tmp_path):
    with pytest.raises(FileProblem, match=r"No file '.*nowhere\.csv'\."):
        import_file("customers", tmp_path / "nowhere.csv", ImportOptions())
