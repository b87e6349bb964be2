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


def _load_case(ctx: typer.Context, path: Path, settings: Settings, case_id: str | None) -> tuple[Case, Path]:
    """A case from a folder, or a one-document case from a single file."""
    from .ingest import ingest_file

    if path.is_file():
        case = Case(case_id=case_id or path.stem, documents=[ingest_file(path, "D01", settings)])
        return case, path.parent
    files = case_files(path)
    with _progress(len(files)) as bar:
        task = bar.add_task("Reading", total=len(files))
        case = ingest_case(path, settings, case_id=case_id,
                           progress=lambda name: bar.update(task, advance=1, description=f"Reading {name}"))
    return case, path


_SHORT_LABELS = {"PERSON": "Names", "DATE_OF_BIRTH": "DOB", "NHS_NUMBER": "NHS", "NI_NUMBER": "NI", "LOCAL_ID": "Ref",
                 "PHONE": "Phone", "EMAIL": "Email", "POSTCODE": "Post", "ADDRESS": "Addr",
                 "ORGANISATION": "Org", "DATE": "Date", "AGE_OVER_89": "Age 90+"}


def _redaction_table(case: Case, report) -> Table:  # noqa: ANN001 - RedactionReport
    labels = sorted({lab for d in report.documents for lab in d.counts})
    table = Table(title=f"Redactions in case {case.case_id} ({report.profile} profile)", title_justify="left")
    table.add_column("Document", overflow="fold", min_width=12)
    for lab in labels:
        table.add_column(_SHORT_LABELS.get(lab, lab.title()), justify="right")
    table.add_column("Copies", overflow="fold")
    for d in report.documents:
        copies = "+".join(o.format for o in d.outputs) if d.status == "redacted" else f"[red]{d.status}[/]"
        table.add_row(f"{d.doc_id} {d.filename}", *[str(d.counts.get(lab, 0) or "") for lab in labels], copies)
    return table


@app.command(epilog="Example: leder-assist redact samples/cases/case-01-paddy-oneill --out out/case-01-redacted")
def redact(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A case folder, or one file.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the redacted copies and redactions.json.")],
    profile: Annotated[str, typer.Option(help="'review' (for reviewers and panels) or 'publication' (for reports).")] = "review",
    workers: Annotated[int, typer.Option(min=1, max=32, help="Documents processed in parallel.")] = 1,
    spacy_model: Annotated[str | None, typer.Option(help="An extra installed spaCy pipeline (package name or folder) to find names with.")] = None,
    ner: Annotated[bool, typer.Option(help="Also use leder-assist's own name model (models/ner-names): finds names rules miss; about half the speed.")] = True,
    case_id: Annotated[str | None, typer.Option(help="Case reference (default: the folder's name).")] = None,
) -> int:
    """Redact every document of a case consistently, and write redacted copies that never leak.

    Names become role-keeping pseudonyms shared across the case ("[Person]", "[Mother]",
    "[GP 1]"); numbers, contact details and addresses are replaced. Each copy (.txt, and
    .docx or .pdf like the input) is read back and checked before it is kept.
    OUT/pseudonym-key.json maps pseudonyms to real names: keep it for authorised custodians.
    """
    from .redact import Redactor
    from .redact.output import write_case

    settings = _settings(ctx)
    case, case_dir = _load_case(ctx, path, settings, case_id)
    with err.status("Redacting..."):
        redactor = Redactor.load(settings, profile, spacy_model, own_ner=ner)
        result = redactor.redact_case(case, workers=workers)
        report = write_case(case, result, case_dir, out_dir, workers=workers)
    out.print(_redaction_table(case, report))
    _print_problems(case)
    for d in report.documents:
        if d.status == "not_written" and d.error:
            out.print(f"[red]x[/] {d.doc_id} [bold]{d.filename}[/] {d.error.message}.", highlight=False)
            out.print(f"    Next step: {d.error.next_step}.", highlight=False)
    out.print(f"{len(report.redactions)} redactions in {len(report.documents)} document(s). "
              f"Written to {out_dir}/redacted/ and {out_dir}/redactions.json.")
    out.print(f"[yellow]{out_dir}/pseudonym-key.json holds the real names: keep it only where an authorised custodian can.[/]")
    failed = [d for d in report.documents if d.status != "redacted"]
    return EXIT_SOME_FAILED if failed else EXIT_OK


@app.command(epilog="Example: leder-assist review samples/cases/case-01-paddy-oneill --out out/case-01")
def review(
    ctx: typer.Context,
    case_dir: Annotated[Path, typer.Argument(help="Folder holding one case's documents (.pdf, .docx, .txt).")],
    out_dir: Annotated[Path, typer.Option("--out", help="Where to write review.json, redacted/ and the review pack.")],
    profile: Annotated[str, typer.Option(help="Redaction profile: review or publication.")] = "review",
    workers: Annotated[int, typer.Option(min=1, max=16, help="Processes for redaction (default 1).")] = 1,
) -> int:
    """Draft the review of one case: redacted documents, timeline, pen portrait, triage and a review pack.

    Writes OUT/review.json, OUT/redacted/, OUT/review-pack.docx and OUT/review-pack.html, all
    marked DRAFT and with pseudonyms only. Exit code 2 when any document failed.
    """
    from .pipeline import STAGES, run_review

    settings = _settings(ctx)
    if not case_dir.is_dir():
        raise LederError(f"case folder not found: {case_dir}", "give the folder that holds one case's documents")
    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task("Reading", total=len(STAGES))

        def stage(name: str, fraction: float) -> None:
            following = STAGES[min(STAGES.index(name) + 1, len(STAGES) - 1)] if fraction else name
            bar.update(task, completed=round(fraction * len(STAGES)), description=f"Stage: {following}")

        result = run_review(case_dir, out_dir, settings, profile=profile, workers=workers, on_stage=stage)
    rv = result.review
    for t in rv.stage_seconds:
        out.print(f"  {t.stage:<9} {t.seconds:6.2f} s", highlight=False)
    _print_problems(result.case)
    tri = rv.triage
    if tri is not None:
        why = ", ".join(x.code for x in tri.triggers) or f"score {tri.score:g}"
        out.print(f"Triage (advisory): {tri.recommendation} review recommended ({why}).", highlight=False)
    missing = ", ".join(rv.missing_information) or "nothing"
    out.print(f"{len(rv.timeline)} timeline events, {len(rv.pen_portrait.sections)} portrait headings; "
              f"missing from the notification: {missing}.", highlight=False)
    out.print(f"Written to {out_dir}/ (review.json, redacted/, review-pack.docx, review-pack.html) - DRAFT for reviewer approval.")
    out.print(f"[yellow]{out_dir}/pseudonym-key.json holds the real names: keep it only where an authorised custodian can.[/]")
    return EXIT_SOME_FAILED if result.failed else EXIT_OK


@app.command(epilog="Example: leder-assist themes samples/cases/case-01-paddy-oneill")
def themes(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A case folder, or one file.")],
    case_id: Annotated[str | None, typer.Option(help="Case reference (default: the folder's name).")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the themes (redacted quotes) to this JSON file.")] = None,
) -> int:
    """Find the clinical and care themes of a case, each with its strongest (redacted) quote.

    Themes come from rules and a trained classifier; mentions that are negated,
    hypothetical or about someone else are not evidence (they are counted as
    "mentioned, not present"). Exit code 2 when any document failed.
    """
    from .extract import Extractor
    from .redact import Redactor

    settings = _settings(ctx)
    case, _ = _load_case(ctx, path, settings, case_id)
    with err.status("Finding themes..."):
        redaction = Redactor.load(settings).redact_case(case)
        extraction = Extractor.load(settings).analyse(case, redaction)
    table = Table(title=f"Themes in case {case.case_id} (advisory: check each quote)", title_justify="left")
    for col, kw in (("Code", {}), ("Theme", {"overflow": "fold"}), ("Score", {"justify": "right"}), ("Found by", {}),
                    ("Evidence", {"justify": "right"}), ("Strongest quote (doc, page)", {"overflow": "fold"})):
        table.add_column(col, **kw)
    present = [t for t in extraction.themes if t.evidence]
    for t in present:
        ev = t.evidence[0]
        quote = " ".join(ev.quote.split())
        table.add_row(t.code, t.label, f"{t.score:.2f}", t.found_by, str(len(t.evidence)),
                      f"{quote[:160]} [dim]({ev.doc_id}, p{ev.page})[/]")
    out.print(table)
    absent = [t.code for t in extraction.themes if not t.evidence]
    if absent:
        out.print(f"Mentioned, not present (negated, hypothetical or someone else): {', '.join(absent)}")
    if extraction.focused_probability is not None:
        out.print(f"Classifier's focused-review signal: {extraction.focused_probability:.2f} (one triage signal, advisory)")
    _print_problems(case)
    if json_out:
        json_out.write_text(json.dumps({"case_id": case.case_id, "focused_probability": extraction.focused_probability,
                                        "themes": [t.model_dump() for t in extraction.themes]}, indent=2))
    return EXIT_SOME_FAILED if case.failed else EXIT_OK


train_app = typer.Typer(help="Train leder-assist's own models from the data it ships.", no_args_is_help=True)
app.add_typer(train_app, name="train")


@train_app.command("ner", epilog="Example: leder-assist train ner --epochs 12")
def train_ner(
    ctx: typer.Context,
    epochs: Annotated[int, typer.Option(min=1, max=100, help="Passes over the training data.")] = 12,
    seed: Annotated[int, typer.Option(help="Random seed (fixed, for reproducible models).")] = 7,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Where to save the model (default: models/ner-names).")] = None,
) -> None:
    """Train the name recogniser on the invented samples and tuning notes, and write its model card."""
    from .train.ner import train

    settings = _settings(ctx)
    root = Path(__file__).resolve().parent.parent
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task("Training", total=epochs)
        card = train(settings, root, out_dir, seed, epochs,
                     progress=lambda e, n, loss: bar.update(task, completed=e, description=f"Training (loss {loss:,.0f})"))
    dev = card["dev"]
    out.print(f"Trained on {card['train_lines']:,} lines (data hash {card['data_hash']}). Development lines: "
              f"recall {dev['recall']:.1%}, precision {dev['precision']:.1%}.")


@train_app.command("themes", epilog="Example: leder-assist train themes")
def train_themes(
    ctx: typer.Context,
    seed: Annotated[int, typer.Option(help="Random seed (fixed, for reproducible models).")] = 13,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Models folder to write themes/ into (default: models/).")] = None,
    extra_corpus: Annotated[list[Path] | None, typer.Option(help="A folder of more corpus files, e.g. the workspace's exported theme-corpus.yaml (repeatable).")] = None,
) -> None:
    """Train the theme classifier on the invented corpus in eval/themes/train/ (and any --extra-corpus), and write its model card."""
    from .evaluate.themes import evaluate, load_heldout
    from .extract import Extractor
    from .train.themes import save, train

    settings = _settings(ctx)
    root = Path(__file__).resolve().parent.parent
    with err.status("Training..."):
        for folder in extra_corpus or []:
            if not folder.is_dir():
                raise LederError(f"corpus folder not found: {folder}", "give a folder holding corpus .yaml files")
        classifier, meta = train(root / "eval" / "themes" / "train", seed, extra_corpus)
        extractor = Extractor(settings, classifier)
        cases = load_heldout(root / "eval" / "themes" / "heldout" / "cases.yaml")
        scores = evaluate(cases, extractor)
        heldout = {"cases": len(cases), **{k: {**v.micro(), "trap_false_positives": v.traps["reported"]}
                                           for k, v in scores.items()}}
        folder = save(classifier, out_dir or settings.models_dir, heldout)
    t = meta["test_themes"]["micro"]
    out.print(f"Trained on {meta['train_items']} items (data hash {meta['data_hash']}); test split: theme micro-F1 "
              f"{t['f1']:.3f}. Held-out cases, rules + classifier: micro-F1 {heldout['combined']['f1']:.3f}. "
              f"Model and card written to {folder}/.")


evaluate_app = typer.Typer(help="Measure leder-assist against gold data.", no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")


@evaluate_app.command("mtsamples", epilog="Example: leder-assist evaluate mtsamples ../shared/data/mtsamples.csv.gz --limit 1000")
def evaluate_mtsamples(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="mtsamples.csv.gz (real, already de-identified clinical notes).")],
    limit: Annotated[int | None, typer.Option(help="Only the first N notes.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the figures to this JSON file.")] = None,
) -> None:
    """How much the review profile redacts in de-identified notes (over-redaction), and which words it hits most."""
    from .evaluate.redaction import scan_mtsamples
    from .redact import Redactor

    if not path.exists():
        raise LederError(f"file not found: {path}", "give the path of mtsamples.csv.gz")
    scan = scan_mtsamples(path, Redactor.load(_settings(ctx)), limit)
    out.print(f"{scan.notes:,} notes, {scan.words:,} words: {scan.redactions:,} redactions = "
              f"{scan.per_1000_words():.2f} per 1,000 words")
    table = Table(title="Most redacted words", title_justify="left")
    table.add_column("Text (label)")
    table.add_column("Times", justify="right")
    for word, n in scan.words_hit.most_common(25):
        table.add_row(word, str(n))
    out.print(table)
    if json_out:
        json_out.write_text(json.dumps(scan.as_dict(), indent=2))


@evaluate_app.command("redaction", epilog="Example: leder-assist evaluate redaction --notes eval/redaction/heldout.yaml")
def evaluate_redaction(
    ctx: typer.Context,
    samples: Annotated[bool, typer.Option(help="Score the bundled samples against their gold.")] = True,
    notes: Annotated[list[Path] | None, typer.Option(help="Annotated notes files (YAML with [[text|LABEL]] marks).")] = None,
    presidio: Annotated[Path | None, typer.Option(help="presidio-research synth_dataset_v2.json.gz to score too.")] = None,
    profile: Annotated[str, typer.Option(help="Redaction profile to score.")] = "review",
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the figures to this JSON file.")] = None,
    spacy_model: Annotated[str | None, typer.Option(help="An extra installed spaCy pipeline to find names with.")] = None,
    own_ner: Annotated[bool, typer.Option(help="Use the project's own trained name model (models/ner-names).")] = True,
) -> None:
    """Per-label recall and precision of redaction, leaked identifiers and over-redacted clinical words."""
    from .evaluate.redaction import evaluate_notes, evaluate_presidio, evaluate_samples
    from .redact import Redactor

    settings = _settings(ctx)
    redactor = Redactor.load(settings, profile, spacy_model, own_ner=own_ner)
    root = Path(__file__).resolve().parent.parent
    results = {}
    if samples:
        results["samples"] = evaluate_samples(settings, root / "samples" / "gold", root / "samples" / "cases", redactor)
    for path in notes or []:
        results[path.stem] = evaluate_notes(path, redactor)
    if presidio:
        results["presidio-synth"] = evaluate_presidio(presidio, redactor)
    for name, scores in results.items():
        _print_scores(name, scores)
    if json_out:
        json_out.write_text(json.dumps({k: v.as_dict() for k, v in results.items()}, indent=2))


def _print_scores(name: str, scores) -> None:  # noqa: ANN001 - Scores
    table = Table(title=f"Redaction: {name}", title_justify="left")
    for col in ("Label", "Gold", "Caught", "Recall", "Predicted", "False pos.", "Precision"):
        table.add_column(col, justify="right" if col != "Label" else "left")
    pct = lambda x: "-" if x is None else f"{x:.1%}"  # noqa: E731
    for lab in sorted(set(scores.gold) | set(scores.predicted)):
        table.add_row(lab, str(scores.gold[lab]), str(scores.caught[lab]), pct(scores.recall(lab)),
                      str(scores.predicted[lab]), str(scores.false_pos[lab]), pct(scores.precision(lab)))
    table.add_row("all", str(sum(scores.gold.values())), str(sum(scores.caught.values())), pct(scores.overall_recall()),
                  str(sum(scores.predicted.values())), str(sum(scores.false_pos.values())), pct(scores.overall_precision()))
    out.print(table)
    out.print(f"Leaked identifiers: {len(scores.leaks)}; must-keep words redacted: {len(scores.over_redacted)}")
    # gold data is invented, so its identifiers may be shown to the developer tuning the rules
    for where, label, text in scores.leaks[:30]:
        out.print(f"  leaked {label} in {where}: {text!r}", markup=False, highlight=False)
    for where, word in scores.over_redacted[:30]:
        out.print(f"  must-keep word redacted in {where}: {word!r}", markup=False, highlight=False)
    if scores.false_pos_words:
        top = ", ".join(f"{w!r} ({n})" for w, n in scores.false_pos_words.most_common(12))
        out.print(f"  most frequent false positives: {top}", markup=False, highlight=False)


@evaluate_app.command("review", epilog="Example: leder-assist evaluate review --cases eval/review/heldout --gold eval/review/heldout/gold")
def evaluate_review(
    ctx: typer.Context,
    cases: Annotated[Path, typer.Option(help="Folder of case folders.")] = Path("samples/cases"),
    gold: Annotated[Path, typer.Option(help="Folder of gold files (<case>.yaml).")] = Path("samples/gold"),
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the figures to this JSON file.")] = None,
) -> None:
    """Timeline recall, pen-portrait coverage, unsupported sentences, triage and missing-information agreement,
    and whether the pseudonyms of the person and relatives keep their gold roles."""
    from .evaluate.review import evaluate_cases

    if not cases.is_dir() or not gold.is_dir():
        raise LederError("cases or gold folder not found", "give --cases and --gold folders")
    result = evaluate_cases(cases, gold, _settings(ctx))
    table = Table(title="Review drafts against gold", title_justify="left")
    for col in ("Case", "Timeline recall", "Death date", "Portrait coverage", "Unsupported", "Triage", "Missed triggers", "Missing info"):
        table.add_column(col)
    for c in result["cases"]:
        table.add_row(c["case_id"], f"{c['timeline_recall']:.0%}", "yes" if c["death_date_present"] else "NO",
                      f"{c['portrait_coverage']:.0%}", str(c["unsupported_sentences"]),
                      "agree" if c["triage_agrees"] else f"DISAGREE ({c['triage']} vs {c['gold_triage']})",
                      ", ".join(c["missed_triggers"]) or "-", "agree" if c["missing_info_agrees"] else "differs")
    out.print(table)
    t = result["totals"]
    out.print(f"Timeline recall {t['timeline_recall']:.1%}; date of death present in {t['death_date_present']:.0%} of cases; "
              f"portrait coverage {t['portrait_coverage']:.1%}; unsupported sentences {t['unsupported_sentences']}; "
              f"triage agreement {t['triage_agreement']:.0%}; missed triggers {t['missed_triggers']}; "
              f"missing-information agreement {t['missing_info_agreement']:.0%} ({t['missing_or_elsewhere_agreement']:.0%} "
              f"counting items stated only elsewhere); pseudonyms with the gold role (the person, relatives) "
              f"{t['pseudonym_roles_right']}/{t['pseudonym_roles_checked']}; gold identifiers left in the redacted "
              f"documents {t['identifiers_left']} of {t['identifiers_checked']}.")
    for c in result["cases"]:
        for w in c["pseudonyms"]["wrong"]:
            out.print(f"  {c['case_id']}: pseudonym role differs: {w}", markup=False)
        for w in c["identifiers_left"]["where"]:
            out.print(f"  {c['case_id']}: identifier left: {w}", markup=False)
    if json_out:
        json_out.write_text(json.dumps(result, indent=2))


@app.command(epilog="Example: leder-assist serve --data-dir ~/leder-data  (then open http://127.0.0.1:8765)")
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on. Keep 127.0.0.1 unless a team server sits behind TLS.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8765,
    data_dir: Annotated[Path, typer.Option(envvar="LEDER_DATA_DIR", help="Folder for the database and uploaded bundles (keep it on an encrypted disk).")] = Path("leder-data"),
    db_url: Annotated[str | None, typer.Option(envvar="LEDER_DB_URL", help="Database URL instead of SQLite, e.g. postgresql+psycopg://user@host/leder.")] = None,
    max_upload_mb: Annotated[float, typer.Option(min=1, help="Largest upload accepted at once, in MB.")] = 100.0,
    secure_cookies: Annotated[bool, typer.Option(help="Send cookies only over HTTPS (use behind a TLS proxy).")] = False,
) -> None:
    """Start the reviewer's workspace: a web app on this computer to check, correct and approve.

    Create users first with `leder-assist users add`. Stop it with Ctrl+C.
    """
    import uvicorn

    from .web.app import create_app

    web = create_app(_settings(ctx), data_dir, db_url, max_upload_mb, secure_cookies)
    out.print(f"Workspace running at http://{host}:{port} (data in {data_dir}). Press Ctrl+C to stop.")
    uvicorn.run(web, host=host, port=port, log_level="info", access_log=True)


users_app = typer.Typer(help="Accounts of the workspace.", no_args_is_help=True)
app.add_typer(users_app, name="users")


@users_app.command("add", epilog="Example: leder-assist users add sam --role reviewer --team north --data-dir ~/leder-data")
def users_add(
    name: Annotated[str, typer.Argument(help="User name to log in with (no spaces).")],
    role: Annotated[str, typer.Option(help="'admin' (upload, redaction checking) or 'reviewer' (reviews).")],
    team: Annotated[str, typer.Option(help="Team: reviewers see their team's cases.")] = "",
    data_dir: Annotated[Path, typer.Option(envvar="LEDER_DATA_DIR", help="The workspace's data folder.")] = Path("leder-data"),
    db_url: Annotated[str | None, typer.Option(envvar="LEDER_DB_URL", help="Database URL instead of SQLite.")] = None,
    password_stdin: Annotated[bool, typer.Option(help="Read the password from standard input (for scripts).")] = False,
) -> None:
    """Create a user of the workspace; the password is asked for (or read from stdin)."""
    from .store import Store, make_engine, migrate
    from .web.security import hash_password

    if role not in ("admin", "reviewer"):
        raise typer.BadParameter("choose admin or reviewer", param_hint="--role")
    if not name.isidentifier() and not name.replace("-", "_").replace(".", "_").isidentifier():
        raise typer.BadParameter("letters, digits, dots, dashes and underscores only", param_hint="NAME")
    password = sys.stdin.readline().rstrip("\n") if password_stdin else typer.prompt("Password", hide_input=True,
                                                                                       confirmation_prompt=True)
    if len(password) < 10:
        raise LederError("the password is too short", "use at least 10 characters")
    from sqlalchemy.exc import SQLAlchemyError

    try:
        store = Store(make_engine(db_url, data_dir))
        migrate(store.engine)
    except (SQLAlchemyError, ImportError, OSError) as exc:  # the URL may hold a password: never show it
        raise LederError(f"cannot open the workspace database ({type(exc).__name__})",
                         "check --db-url (and that its driver is installed) or --data-dir") from None
    if store.user_by_name(name):
        raise LederError(f"a user called {name} already exists", "choose another name")
    store.add_user(name, hash_password(password), role, team)
    out.print(f"User {name} added ({role}{', team ' + team if team else ''}).")


@evaluate_app.command("themes", epilog="Example: leder-assist evaluate themes --json themes-eval.json")
def evaluate_themes(
    ctx: typer.Context,
    heldout: Annotated[Path | None, typer.Option(help="Held-out cases file (default: eval/themes/heldout/cases.yaml).")] = None,
    samples: Annotated[bool, typer.Option(help="Also score the bundled samples (development data) against their gold.")] = False,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the figures to this JSON file.")] = None,
) -> None:
    """Per-theme precision, recall and F1 on held-out invented cases, and the confusion on context traps."""
    from .evaluate.themes import evaluate, load_heldout, load_samples
    from .extract import Extractor

    settings = _settings(ctx)
    root = Path(__file__).resolve().parent.parent
    path = heldout or root / "eval" / "themes" / "heldout" / "cases.yaml"
    if not path.exists():
        raise LederError(f"file not found: {path}", "give the path of a held-out cases file")
    extractor = Extractor.load(settings)
    sets = {"heldout": load_heldout(path)}
    if samples:
        sets["samples"] = load_samples(settings, root / "samples" / "gold", root / "samples" / "cases")
    results = {name: evaluate(cases, extractor) for name, cases in sets.items()}
    for name, scores in results.items():
        _print_theme_scores(name, scores)
    if json_out:
        json_out.write_text(json.dumps({n: {k: v.as_dict() for k, v in s.items()} for n, s in results.items()}, indent=2))


def _print_theme_scores(name: str, scores: dict) -> None:  # noqa: ANN001 - ThemeScores by source
    from .extract.themes import THEME_CODES

    pct = lambda x: "-" if x is None else f"{x:.1%}"  # noqa: E731
    combined = scores["combined"]
    table = Table(title=f"Themes: {name} ({combined.cases} cases)", title_justify="left")
    for col in ("Code", "Gold", "TP", "FP", "FN", "Precision", "Recall", "F1", "Rules recall", "Classifier recall"):
        table.add_column(col, justify="left" if col == "Code" else "right")
    for code in THEME_CODES:
        c = combined.code(code)
        table.add_row(code, str(c["gold"]), str(c["tp"]), str(c["fp"]), str(c["fn"]), pct(c["precision"]),
                      pct(c["recall"]), pct(c["f1"]), pct(scores["rules"].code(code)["recall"]),
                      pct(scores["classifier"].code(code)["recall"]))
    out.print(table)
    for source in ("combined", "rules", "classifier"):
        m = scores[source].micro()
        out.print(f"{source:>10}: micro precision {pct(m['precision'])}, recall {pct(m['recall'])}, F1 {pct(m['f1'])}")
    traps = combined.traps
    out.print(f"Context traps (themes only negated / hypothetical / about someone else): "
              f"{sum(traps.values())} in gold; not reported and shown as 'mentioned, not present': "
              f"{traps['suppressed_shown']}; not reported, not shown: {traps['suppressed_unseen']}; "
              f"wrongly reported: {traps['reported']}" + (f" ({', '.join(combined.trap_errors)})" if combined.trap_errors else ""))


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
