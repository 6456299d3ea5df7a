"""``outages extract`` and ``outages eval``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

pass_ctx = click.pass_obj  # the group's Context (archive.cli imports this module, so no import back)


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))

MAX_FILE_BYTES = 4 * 1024 * 1024 + 1  # one byte over the article limit is enough to refuse it
CORPUS_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "extract"


def extract_file(path: str | Path, published: str | None = None, url: str | None = None) -> tuple[dict[str, Any], str | None]:
    """One file -> (report JSON, problem or None). Never raises for bad input."""
    from extract.article import MAX_BYTES, BadInput, article_or_raise
    from extract.pipeline import empty_report, get_extractor, report_json

    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise BadInput(f"file is {size:,} bytes, over the {MAX_BYTES // (1024 * 1024)} MB limit for one article page")
        with path.open("rb") as fh:
            body = fh.read(MAX_FILE_BYTES)
        article = article_or_raise(body, url=url or "", published=published)
    except (OSError, BadInput) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return report_json(empty_report(url or "")), f"{path}: {reason}"
    report = get_extractor().report(article)
    return report_json(report), None


def _text_summary(path: str, data: dict[str, Any]) -> str:
    lines = [f"== {path}", f"title:     {data.get('title') or ''}", f"published: {data.get('published')}"]
    if not data.get("is_outage"):
        lines.append("not an outage report")
        return "\n".join(lines)
    lines += [f"service:   {data['service']} ({', '.join(data['services'])})",
              f"company:   {data.get('company')}",
              f"regions:   {', '.join(data['regions']) or '-'}{'  [global]' if data.get('global') else ''}",
              f"start:     {data['start']}", f"end:       {data['end']}",
              f"duration:  {data['duration_minutes']} min" if data["duration_minutes"] is not None else "duration:  -",
              f"causes:    {', '.join(data['causes']) or '-'}", f"features:  {', '.join(data['features']) or '-'}"]
    for msg in data["error_messages"]:
        lines.append(f"error:     {msg}")
    for c in data["report_counts"]:
        lines.append(f"reports:   {c['qualifier'] or ''} {c['count']:,} region={c['region']} service={c['service']} "
                     f"source={c['source']}".replace("  ", " "))
    return "\n".join(lines)


@click.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text")
@click.option("--published", default=None, help="Publication date for relative dates (YYYY-MM-DD or ISO).")
@click.option("--url", default=None, help="URL of the page (for metadata and provenance).")
@pass_ctx
def extract(ctx: Any, files: tuple[str, ...], fmt: str, published: str | None, url: str | None) -> None:
    """Extract an outage report from HTML or text files (writes nothing to the archive)."""
    if published is not None:
        from extract.article import parse_datetime

        if parse_datetime(published) is None:
            raise click.BadParameter(f"not a date: {published!r}", param_hint="--published")
    results = []
    for name in files:
        data, problem = extract_file(name, published=published, url=url)
        if problem:
            click.echo(f"warning: {problem}", err=True)
        results.append((name, data))
    if fmt == "json":
        echo_json(results[0][1] if len(results) == 1 else [d for _, d in results])
    else:
        click.echo("\n\n".join(_text_summary(n, d) for n, d in results))


def _score_one(item: tuple[str, str]) -> tuple[str, dict[str, Any], dict[str, Any]]:
    from extract.scoring import load_gold

    doc, gold_path = Path(item[0]), Path(item[1])
    gold = load_gold(gold_path)
    published = gold.get("published") if doc.suffix == ".txt" else None
    pred, _problem = extract_file(doc, published=published)
    return doc.name, pred, gold


def score_directory(directory: Path, jobs: int = 1) -> Any:
    from extract.catalog import load_catalog
    from extract.scoring import Scoreboard, corpus_documents, score_document

    pairs = [(str(d), str(g)) for d, g in corpus_documents(directory)]
    board = Scoreboard()
    if jobs > 1 and len(pairs) > 1:
        import multiprocessing as mp

        with mp.get_context("fork" if sys.platform != "win32" else "spawn").Pool(jobs) as pool:
            results = pool.map(_score_one, pairs, chunksize=max(1, len(pairs) // (jobs * 4)))
    else:
        results = [_score_one(p) for p in pairs]
    catalog = load_catalog()
    for name, pred, gold in results:
        score_document(board, name, pred, gold, lambda service: catalog.canonical(service) or service)
    return board


def _splits(directory: str | None) -> list[tuple[str, Path]]:
    base = Path(directory) if directory else CORPUS_DIR
    if not base.is_dir():
        raise click.BadParameter(f"no such directory: {base}", param_hint="DIRECTORY")
    subdirs = [(name, base / name) for name in ("dev", "test") if (base / name).is_dir()]
    if any(base.glob("*.json")) or not subdirs:
        return [(base.name or str(base), base)]
    return subdirs


@click.command("eval")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("--min-f1", default=0.90, show_default=True, help="Exit 1 when any field's F1 is below this.")
@click.option("--jobs", default=1, show_default=True, help="Worker processes.")
@click.option("--details", is_flag=True, help="Print each document's mismatching fields.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@pass_ctx
def evaluate(ctx: Any, directory: str | None, min_f1: float, jobs: int, details: bool, as_json: bool) -> None:
    """Score extraction against a labeled corpus (default: the bundled one, both splits)."""
    from extract.scoring import format_board

    failed = []
    report: dict[str, Any] = {}
    for name, path in _splits(directory):
        board = score_directory(path, jobs=jobs)
        if board.documents == 0:
            click.echo(f"{name}: no labeled documents in {path}", err=True)
            failed.append(name)
            continue
        report[name] = {"documents": board.documents,
                        "fields": {k: v.as_dict() for k, v in board.fields.items()}}
        if details:
            report[name]["mismatches"] = board.diffs
        if not as_json:
            click.echo(format_board(name, board, min_f1))
            if details:
                for diff in board.diffs:
                    click.echo(f"  - {diff['document']}: {json.dumps(diff['fields'], ensure_ascii=False)}")
        if board.min_f1() < min_f1:
            failed.append(name)
    if as_json:
        echo_json(report)
    if failed:
        click.echo(f"below F1 {min_f1:.2f}: {', '.join(failed)}", err=True)
        if hasattr(ctx, "close"):
            ctx.close()
        sys.exit(1)


COMMANDS = [extract, evaluate]
