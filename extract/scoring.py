"""Score extracted reports against gold JSON (rules in ``tests/data/extract/GUIDELINES.md``).

Per field, over all documents: TP/FP/FN, then P/R/F1.

* sets (services, regions, error_messages, report_counts keyed by (count, region), causes) count per
  element, after lowercasing, stripping quotes and outer punctuation and collapsing spaces;
* scalars (service, start, end/duration): equal -> TP; wrong -> FP + FN; value where gold is null -> FP;
  null where gold has one -> FN. ``start`` matches when the UTC dates agree and, if both carry a clock
  time, they are within 60 minutes; ``end/duration`` matches when the end matches by the same rule or
  the durations agree within 10% (or 15 minutes).

Service names compare as catalog names: a gold label written with one of a service's aliases ("ATO",
"G Suite") counts as the catalog's canonical name ("Australian Taxation Office", "Google Workspace"),
as the extractor's output always is. Names the catalog does not know compare as written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from extract.gazetteer import without_accents

FIELDS = ("service", "services", "regions", "start", "end/duration", "error_messages", "report_counts",
          "causes")
_QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb`"


@dataclass
class FieldScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Scoreboard:
    fields: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    documents: int = 0
    diffs: list[dict[str, Any]] = field(default_factory=list)

    def min_f1(self) -> float:
        return min(s.f1 for s in self.fields.values())


def normalise(value: Any) -> str:
    """Lower case, single spaces, no outer quotes or punctuation, and no accents: "São Paulo" and "Sao Paulo"
    name one place, "Bogotá" and "Bogota" too."""
    text = without_accents(" ".join(str(value).lower().split()))
    return text.strip(_QUOTES + " .,;:!?").strip()


def _when(value: str | None) -> tuple[date, datetime | None] | None:
    if not value:
        return None
    text = str(value).strip()
    if "T" not in text:
        return date.fromisoformat(text[:10]), None
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    moment = datetime.fromisoformat(text)
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.date(), moment


def times_match(pred: str | None, gold: str | None) -> bool:
    a, b = _when(pred), _when(gold)
    if a is None or b is None or a[0] != b[0]:
        return False
    if a[1] is not None and b[1] is not None:
        return abs((a[1] - b[1]).total_seconds()) <= 3600
    return True


def durations_match(pred: int | None, gold: int | None) -> bool:
    if pred is None or gold is None:
        return False
    return abs(pred - gold) <= max(0.1 * gold, 15)


def _scalar(score: FieldScore, pred: Any, gold: Any, same: Callable[[Any, Any], bool]) -> bool:
    if gold is None and pred is None:
        return True
    if gold is None:
        score.fp += 1
        return False
    if pred is None:
        score.fn += 1
        return False
    if same(pred, gold):
        score.tp += 1
        return True
    score.fp += 1
    score.fn += 1
    return False


def _set(score: FieldScore, pred: Iterable[Any], gold: Iterable[Any]) -> bool:
    p, g = set(pred), set(gold)
    score.tp += len(p & g)
    score.fp += len(p - g)
    score.fn += len(g - p)
    return p == g


def _count_keys(items: Iterable[dict[str, Any]]) -> set[tuple[int, str]]:
    return {(int(c["count"]), normalise(c.get("region") or "")) for c in items or []}


def _end_value(data: dict[str, Any]) -> tuple[str | None, int | None] | None:
    end, dur = data.get("end"), data.get("duration_minutes")
    return None if end is None and dur is None else (end, dur)


def _end_same(pred: tuple[str | None, int | None], gold: tuple[str | None, int | None]) -> bool:
    return times_match(pred[0], gold[0]) or durations_match(pred[1], gold[1])


def score_document(board: Scoreboard, name: str, pred: dict[str, Any], gold: dict[str, Any],
                   canonical: Callable[[str], str] = str) -> None:
    """Add one document's comparison to ``board``; ``canonical`` maps a service name to the catalog's."""
    f = board.fields
    ok: dict[str, bool] = {}

    def service_key(service: str) -> str:
        return normalise(canonical(service))

    ok["service"] = _scalar(f["service"], service_key(pred["service"]) if pred.get("service") else None,
                            service_key(gold["service"]) if gold.get("service") else None, lambda a, b: a == b)
    ok["services"] = _set(f["services"], {service_key(v) for v in pred.get("services") or []},
                          {service_key(v) for v in gold.get("services") or []})
    for key in ("regions", "error_messages"):
        ok[key] = _set(f[key], {normalise(v) for v in pred.get(key) or []},
                       {normalise(v) for v in gold.get(key) or []})
    ok["causes"] = _set(f["causes"], {normalise(v) for v in pred.get("causes") or [] if v != "unknown"},
                        {normalise(v) for v in gold.get("causes") or [] if v != "unknown"})
    ok["report_counts"] = _set(f["report_counts"], _count_keys(pred.get("report_counts") or []),
                               _count_keys(gold.get("report_counts") or []))
    ok["start"] = _scalar(f["start"], pred.get("start"), gold.get("start"), times_match)
    ok["end/duration"] = _scalar(f["end/duration"], _end_value(pred), _end_value(gold), _end_same)
    board.documents += 1
    bad = [k for k, v in ok.items() if not v]
    if bad:
        board.diffs.append({"document": name, "fields": {k: {"pred": _show(pred, k), "gold": _show(gold, k)}
                                                         for k in bad}})


def _show(data: dict[str, Any], key: str) -> Any:
    if key == "end/duration":
        return {"end": data.get("end"), "duration_minutes": data.get("duration_minutes")}
    if key == "report_counts":
        return sorted(([c["count"], c.get("region")] for c in data.get(key) or []),
                  key=lambda pair: (pair[0], pair[1] or ""))  # two counts of one size: one with a region, one without
    return data.get(key)


def corpus_documents(directory: Path) -> list[tuple[Path, Path]]:
    """(document, gold) pairs: every ``NAME.html``/``NAME.txt`` with a ``NAME.json`` beside it."""
    pairs = []
    for gold in sorted(directory.glob("*.json")):
        for ext in (".html", ".htm", ".txt"):
            doc = gold.with_suffix(ext)
            if doc.exists():
                pairs.append((doc, gold))
                break
    return pairs


def load_gold(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def format_board(title: str, board: Scoreboard, threshold: float) -> str:
    lines = [f"{title}: {board.documents} documents",
             f"  {'field':<16}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}"]
    for name, s in board.fields.items():
        flag = "" if s.f1 >= threshold else "  < threshold"
        lines.append(f"  {name:<16}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}{flag}")
    return "\n".join(lines)


def is_negative_gold(gold: dict[str, Any]) -> bool:
    return gold.get("is_outage") is False


_WS = re.compile(r"\s+")
