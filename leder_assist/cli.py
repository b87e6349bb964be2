"""The ``leder-assist`` command line: thin; parses arguments, calls the library, prints.

Exit codes (``../shared/docs/output-contract.md``): 0 when every document was processed,
2 when some documents failed (the rest are still written), 1 for usage or configuration
errors. Tracebacks never show local variables (they would hold patient text), and an
unexpected error prints its type and place, not its message, unless ``LEDER_DEBUG=1``.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import traceback
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperGroup

try:  # typer 0.29+ carries its own copy of click
    from typer._click import exceptions as click
except ImportError:  # pragma: no cover - older typer on plain click
    import click.exceptions as click  # type: ignore[no-redef]

from . import __version__
from .config import Settings
from .errors import LederError
from .ingest import case_files, ingest_case
from .record import Case, CaseReview

EXIT_OK, EXIT_USAGE, EXIT_SOME_FAILED = 0, 1, 2

out = Console()
err = Console(stderr=True)


class _Group(TyperGroup):
    """Maps errors to the contract's exit codes (click would use 2 for usage errors)."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:  # noqa: D102
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            rv = super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as exc:
            _usage_error(exc)
            sys.exit(EXIT_USAGE)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code if exc.exit_code != 2 else EXIT_USAGE)
        except typer.Abort:
            err.print("Stopped.")
            sys.exit(EXIT_USAGE)
        except LederError as exc:
            err.print(f"[bold red]Error:[/] {exc.message}", highlight=False)
            if exc.next_step:
                err.print(f"Next step: {exc.next_step}", highlight=False)
            sys.exit(EXIT_USAGE)
        except Exception as exc:  # noqa: BLE001 - never print a message that may quote note text
            if os.environ.get("LEDER_DEBUG") == "1":
                raise
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            err.print(f"[bold red]Internal error[/] ({type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}). "
                      "Please report it; run again with LEDER_DEBUG=1 to see the details on this computer only.",
                      highlight=False)
            sys.exit(EXIT_USAGE)
        sys.exit(rv if isinstance(rv, int) else EXIT_OK)


def _usage_error(exc: click.UsageError) -> None:
    try:
        from typer import rich_utils

        rich_utils.rich_format_error(exc)
    except Exception:  # noqa: BLE001 - fall back to click's plain output
        exc.show()


app = typer.Typer(
    cls=_Group,
    help="Offline help for LeDeR reviews: read case bundles, redact them, and draft the review.",
    pretty_exceptions_show_locals=False,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        out.print(f"leder-assist {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    rules_dir: Annotated[Path | None, typer.Option(help="Folder of rules files (default: the bundled rules/).")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show progress messages (never note text).")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    ctx.obj = {"rules_dir": rules_dir}


def _settings(ctx: typer.Context, **overrides: object) -> Settings:
    try:
        return Settings.from_env(rules_dir=(ctx.obj or {}).get("rules_dir"), **overrides)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise LederError(f"invalid setting: {exc.errors()[0]['loc'][0] if hasattr(exc, 'errors') else exc}",  # type: ignore[union-attr]
                         "check the option or LEDER_* environment variable") from None


def _progress(total: int) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=True, disable=total < 2)


def _write_json(path: Path, model: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(model.model_dump_json(indent=2), encoding="utf-8")
    tmp.replace(path)


def _documents_table(case: Case) -> Table:
    table = Table(title=f"Case {case.case_id}", title_justify="left")
    for col, kw in (("Doc", {}), ("File", {"overflow": "fold"}), ("Pages", {"justify": "right"}),
                    ("Characters", {"justify": "right"}), ("Kind (why)", {"overflow": "fold"}), ("Status", {})):
        table.add_column(col, **kw)
    for doc in case.documents:
        if doc.status == "failed":
            table.add_row(doc.doc_id, doc.filename, "-", "-", "-", "[red]failed[/]")
            continue
        why = doc.kind_reason.split(" [", 1)[0]
        status = f"[yellow]{len(doc.warnings)} warning(s)[/]" if doc.warnings else "[green]read[/]"
        table.add_row(doc.doc_id, doc.filename, str(len(doc.pages)), f"{len(doc.text):,}", f"{doc.kind} [dim]({why})[/]", status)
    return table


def _print_problems(case: Case) -> None:
    """Failures and warnings in full, one per paragraph: what happened and what to do next."""
    for doc in case.documents:
        if doc.error:
            out.print(f"[red]x[/] {doc.doc_id} [bold]{doc.filename}[/] {doc.error.message}.", highlight=False)
            out.print(f"    Next step: {doc.error.next_step}.", highlight=False)
        for warning in doc.warnings:
            out.print(f"[yellow]![/] {doc.doc_id} [bold]{doc.filename}[/]: {warning}.", highlight=False)


@app.command(epilog="Example: leder-assist parse samples/cases/case-01-paddy-oneill --out out/case-01")
def parse(
    ctx: typer.Context,
    case_dir: Annotated[Path, typer.Argument(help="Folder holding one case's documents (.pdf, .docx, .txt).")],
    out_dir: Annotated[Path | None, typer.Option("--out", help="Write the parsed case to OUT/case.json (unredacted text: keep it safe).")] = None,
    case_id: Annotated[str | None, typer.Option(help="Case reference (default: the folder's name).")] = None,
    max_file_mb: Annotated[float | None, typer.Option(help="Refuse files larger than this many MB (default 50).")] = None,
    max_docx_mb: Annotated[float | None, typer.Option(help="Refuse .docx files that unpack to more than this many MB (default 200).")] = None,
) -> int:
    """Read every document of a case and show what was found: pages, characters, kind, problems.

    Files that cannot be read are listed with the reason and what to do; the others are
    still read. Exit code 2 when any document failed.
    """
    settings = _settings(ctx, max_file_mb=max_file_mb, max_docx_uncompressed_mb=max_docx_mb)
    files = case_files(case_dir)
    with _progress(len(files)) as bar:
        task = bar.add_task("Reading", total=len(files))

        def step(name: str) -> None:
            bar.update(task, advance=1, description=f"Reading {name}")

        case = ingest_case(case_dir, settings, case_id=case_id, progress=step)
    out.print(_documents_table(case))
    _print_problems(case)
    failed = len(case.failed)
    out.print(f"{len(case.documents)} document(s): {len(case.documents) - failed} read, {failed} failed.")
    if out_dir is not None:
        _write_json(out_dir / "case.json", case)
        out.print(f"Parsed case written to {out_dir / 'case.json'} (it holds unredacted text).")
    if not case.documents:
        err.print(f"No files found in {case_dir}.")
        return EXIT_USAGE
    return EXIT_SOME_FAILED if failed else EXIT_OK


@app.command(epilog="Example: leder-assist schema review > review.schema.json")
def schema(
    which: Annotated[str, typer.Argument(help="'review' (review.json) or 'case' (the parsed case).")] = "review",
) -> None:
    """Print the JSON Schema of review.json or of the parsed case."""
    models = {"review": CaseReview, "case": Case}
    if which not in models:
        raise typer.BadParameter(f"choose one of: {', '.join(models)}", param_hint="WHICH")
    out.print_json(json.dumps(models[which].model_json_schema()))


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
