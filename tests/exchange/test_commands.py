"""The `import` and `export` commands: exit codes, messages, and where output goes."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from rich.console import Console

from frontline.cases.models import Case
from frontline.customers.models import Customer
from frontline.exchange.importing import ImportOptions, import_file
from frontline.exchange.progress import progress_bars

HEADER = ["account_number", "name", "email"]


def run(*arguments: str) -> tuple[str, str]:
    """Run a command; returns what it wrote to stdout and stderr."""
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(*arguments, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_import_reports_what_it_wrote(db, write_csv):
    path = write_csv(HEADER, [["ACC-2", "Grace", ""], ["ACC-3", "Alan", ""]], name="people.csv")

    stdout, _ = run("import", "customers", str(path))

    assert stdout == "Imported 2 customers from people.csv.\n"
    assert Customer.objects.count() == 2


def test_import_with_a_bad_row_fails_naming_row_field_and_reason(db, write_csv):
    path = write_csv(HEADER, [["ACC-2", "Grace", ""], ["ACC-3", "Alan", "alan@"]], name="people.csv")

    with pytest.raises(CommandError) as caught:
        run("import", "customers", str(path))

    assert str(caught.value) == (
        "people.csv: 1 problem(s) in 1 of 2 row(s) (rows count data rows from 1); nothing was imported.\n"
        "  row 2, email: Enter a valid email address.\n"
        "Fix them and run again, or pass --skip-invalid to import the other rows and report these."
    )
    assert not Customer.objects.exists()


def test_the_command_line_exits_non_zero_with_the_message(db, write_csv, capsys):
    path = write_csv(HEADER, [["ACC-3", "Alan", "alan@"]])

    with pytest.raises(SystemExit) as caught:
        execute_from_command_line(["frontline", "import", "customers", str(path)])

    assert caught.value.code == 1
    assert "row 1, email: Enter a valid email address." in capsys.readouterr().err


def test_only_the_first_fifty_problems_are_shown_with_a_count_of_the_rest(db, write_csv):
    path = write_csv(HEADER, [[f"ACC-{n}", "", ""] for n in range(100, 160)])

    with pytest.raises(CommandError) as caught:
        run("import", "customers", str(path))

    lines = str(caught.value).splitlines()
    assert lines[1] == "  row 1, name: is required"
    assert lines[50] == "  row 50, name: is required"
    assert lines[51] == "  … and 10 more (pass --report FILE to list them all)."


def test_a_refusal_says_which_referenced_entities_are_missing(customer, write_csv):
    path = write_csv(
        ["customer", "subject", "product"],
        [["ACC-1001", "A", "satellite"], ["NOPE-1", "B", "satellite"], ["ACC-1001", "C", "tv"]],
    )

    with pytest.raises(CommandError) as caught:
        run("import", "cases", str(path))

    assert str(caught.value).splitlines()[-2] == (
        "Not in the database (an import never creates them): customer 'NOPE-1'; product 'satellite', 'tv'."
    )
    assert not Case.objects.exists()


def test_the_report_may_not_overwrite_the_file_being_imported(db, write_csv):
    path = write_csv(HEADER, [["ACC-2", "Grace", ""]])

    with pytest.raises(CommandError, match="would overwrite the file being imported"):
        run("import", "customers", str(path), "--skip-invalid", "--report", str(path))
    assert path.read_text(encoding="utf-8").startswith("account_number,name,email")


def test_skip_invalid_says_where_the_refused_rows_are(db, write_csv):
    path = write_csv(HEADER, [["ACC-2", "Grace", ""], ["ACC-3", "Alan", "alan@"]], name="people.csv")

    stdout, _ = run("import", "customers", str(path), "--skip-invalid")

    report = path.with_name("people.rejected.csv")
    assert stdout == (
        f"Imported 1 customers from people.csv; refused 1 row(s) with 1 problem(s), listed in {report}.\n"
    )
    assert report.read_text(encoding="utf-8").splitlines()[1] == "2,email,Enter a valid email address."


def test_a_dry_run_writes_nothing(db, write_csv):
    stdout, _ = run("import", "customers", str(write_csv(HEADER, [["ACC-2", "Grace", ""]])), "--dry-run")

    assert stdout == "Checked 1 customers in rows.csv: 1 good; nothing written.\n"
    assert not Customer.objects.exists()


COLUMNS = (
    "account_number, name, email, phone, tier, branch, relationship_owner, customer_since, revenue_amount, "
    "revenue_currency, cost_to_serve_amount, cost_to_serve_currency"
)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["nowhere.csv"], "No file '{tmp}/nowhere.csv'."),
        (
            ["rows.txt"],
            "Cannot tell the format of 'rows.txt' (known extensions: .csv, .jsonl, .ndjson); "
            "pass --format csv or jsonl.",
        ),
        (
            ["bad-header.csv"],
            f"The header lacks the required column(s) name; has unknown column(s) nom (the columns are {COLUMNS}).",
        ),
    ],
)
def test_files_that_cannot_be_imported_fail_with_a_clear_message(db, tmp_path, write_csv, arguments, message):
    write_csv(HEADER, [], name="rows.txt")
    write_csv(["account_number", "nom"], [], name="bad-header.csv")

    with pytest.raises(CommandError) as caught:
        run("import", "customers", *[str(tmp_path / argument) for argument in arguments])

    assert str(caught.value) == message.format(tmp=tmp_path)


def test_an_unknown_kind_or_format_option_is_refused_by_the_parser(db, write_csv):
    with pytest.raises(CommandError, match="invalid choice: 'agents'"):
        run("import", "agents", str(write_csv(HEADER, [])))
    with pytest.raises(CommandError, match="invalid choice: 'xml'"):
        run("import", "customers", str(write_csv(HEADER, [])), "--format", "xml")


def test_export_writes_csv_to_stdout_by_default(customer):
    stdout, _ = run("export", "customers")

    assert stdout.splitlines()[1] == (
        "ACC-1001,Ada Lovelace,ada@example.com,+14165550199,premium,Toronto Downtown,agent,2019-05-01,"
        "1200.00,CAD,180.50,CAD"
    )


def test_export_writes_json_lines_to_stdout_when_asked(customer):
    stdout, _ = run("export", "customers", "--format", "jsonl")

    assert json.loads(stdout)["revenue_amount"] == "1200.00"


def test_export_takes_the_format_from_the_file_name(case, tmp_path):
    path = tmp_path / "cases.ndjson"

    stdout, _ = run("export", "cases", "--output", str(path))

    assert stdout == f"Exported 1 cases to {path}.\n"
    assert json.loads(path.read_text(encoding="utf-8"))["category"] == "Connectivity › Outage"
    assert [entry.name for entry in tmp_path.iterdir()] == ["cases.ndjson"]  # no temporary file left behind


def test_export_to_a_file_of_unknown_format_fails_and_writes_nothing(customer, tmp_path):
    with pytest.raises(CommandError, match=r"Cannot tell the format of 'customers\.xlsx'"):
        run("export", "customers", "--output", str(tmp_path / "customers.xlsx"))
    with pytest.raises(CommandError, match="No directory"):
        run("export", "customers", "--output", str(tmp_path / "missing" / "customers.csv"))
    assert list(tmp_path.iterdir()) == []


def test_progress_bars_draw_on_a_terminal(db, write_csv):
    screen = io.StringIO()
    path = write_csv(HEADER, [["ACC-2", "Grace", ""]])

    with progress_bars(Console(file=screen, force_terminal=True, width=100)) as progress:
        import_file("customers", path, ImportOptions(), progress)

    assert "Checking" in screen.getvalue()
    assert "1/1 rows" in screen.getvalue()
