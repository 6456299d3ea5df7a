"""The search language users type, parsed into a structured, engine-neutral query.

``twitter "rate limit exceeded" service:twitter region:japan cause:dns after:2021-01-01
before:2022-01-01 duration:>2h -maintenance``

Words are ANDed; ``a OR b`` joins neighbours; ``"..."`` is a phrase (searched in titles, quoted
error messages and source text); ``-word`` excludes. Problems (unbalanced quotes, unknown fields,
bad dates or durations) never raise: each becomes a warning naming the problem and the rest of the
query still runs. :func:`parse_query` is pure; the Whoosh translation lives in ``archive.search``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from whoosh.formats import Positions

MAX_QUERY_CHARS = 1000

# Fields a user may type, with accepted aliases.
FIELD_ALIASES: dict[str, str] = {
    "service": "service", "services": "service",
    "company": "company",
    "region": "region", "regions": "region", "country": "region",
    "cause": "cause", "causes": "cause",
    "status": "status",
    "year": "year",
    "after": "after", "since": "after", "from": "after",
    "before": "before", "until": "before",
    "duration": "duration",
    "error": "error", "errors": "error",
    "title": "title",
    "publisher": "publisher",
}
KEYWORD_FIELDS = ("service", "company", "region", "cause", "status", "year", "publisher")
KNOWN_FIELDS = tuple(sorted(set(FIELD_ALIASES.values())))

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DURATION_RE = re.compile(r"^\s*(>=|<=|>|<|=)?\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$")
_UNITS = {"": 1, "m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1,
          "h": 60, "hr": 60, "hrs": 60, "hour": 60, "hours": 60,
          "d": 1440, "day": 1440, "days": 1440}
_FIELD_RE = re.compile(r"^([A-Za-z_]+):(.*)$", re.S)


def norm_key(value: str) -> str:
    """Normalised keyword used for exact-field matching: ``"Google Cloud"`` -> ``"google-cloud"``."""
    return re.sub(r"[^0-9a-z]+", "-", value.lower()).strip("-")


@dataclass
class Clause:
    """One free-text item: a word or a phrase, possibly negated; ``alternatives`` come from ``OR``."""

    text: str
    phrase: bool = False
    negated: bool = False
    in_field: str | None = None  # "error" / "title" restrict the clause to that field
    alternatives: list[Clause] = field(default_factory=list)


@dataclass
class ParsedQuery:
    clauses: list[Clause] = field(default_factory=list)
    keywords: dict[str, list[str]] = field(default_factory=dict)  # field -> normalised keys (OR within)
    after: datetime | None = None
    before: datetime | None = None
    duration: list[tuple[str, int]] = field(default_factory=list)  # (op, minutes)
    warnings: list[str] = field(default_factory=list)
    problems: int = 0  # parts dropped because they could not be understood
    parts: int = 0  # parts seen in total

    @property
    def is_empty(self) -> bool:
        return not (self.clauses or self.keywords or self.after or self.before or self.duration)

    def warn(self, message: str) -> None:
        self.problems += 1
        self.warnings.append(message)


def parse_date(text: str, *, end: bool = False) -> datetime:
    """``2021``, ``2021-03`` or ``2021-03-04`` as aware UTC midnight; ValueError names the problem."""
    match = _DATE_RE.match(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1)
    try:
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a valid date ({exc})") from None


def parse_duration(text: str) -> tuple[str, int]:
    """``>2h``, ``<=30m``, ``>=1.5d``, ``90`` (minutes) -> (op, minutes)."""
    match = _DURATION_RE.match(text.lower())
    if not match or match.group(3) not in _UNITS:
        raise ValueError(f"'{text}' is not a duration (use e.g. >2h, <30m, >=1d)")
    op = match.group(1) or ">="
    if op == "=":
        op = "=="
    return op, round(float(match.group(2)) * _UNITS[match.group(3)])


def _read_quoted(text: str, start: int, pq: ParsedQuery) -> tuple[str, int]:
    """Read a quoted string whose opening quote is at ``start``; return (content, next index)."""
    close = text.find('"', start + 1)
    if close == -1:
        pq.warnings.append(f"unbalanced quote: no closing \" after {text[start:start + 30]!r}; "
                           "read the rest as words")
        return text[start + 1:], len(text)
    return text[start + 1:close], close + 1


def _split(text: str, pq: ParsedQuery) -> list[tuple[str, bool, bool]]:
    """Split into (token, quoted, negated) triples; ``field:"a b"`` stays one token."""
    items: list[tuple[str, bool, bool]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = text[i] == "-" and i + 1 < n and not text[i + 1].isspace()
        if negated:
            i += 1
        if text[i] == '"':
            before = len(pq.warnings)
            content, i = _read_quoted(text, i, pq)
            unbalanced = len(pq.warnings) > before
            if unbalanced:  # best effort: the words after a stray quote are plain words
                items.extend((w, False, negated) for w in content.split())
            else:
                items.append((content, True, negated))
            continue
        j = i
        while j < n and not text[j].isspace():
            if text[j] == '"' and text[i:j].endswith(":"):
                content, j = _read_quoted(text, j, pq)
                items.append((text[i:text.index(":", i) + 1] + content, False, negated))
                break
            j += 1
        else:
            items.append((text[i:j], False, negated))
        i = j
    return items


def _add_field(pq: ParsedQuery, name: str, value: str, negated: bool) -> None:
    value = value.strip()
    if not value:
        pq.warn(f"empty value for field '{name}:'; ignored")
        return
    if name in ("after", "before"):
        try:
            setattr(pq, name, parse_date(value))
        except ValueError as exc:
            pq.warn(f"bad date in {name}:{value}: {exc}; filter ignored")
    elif name == "duration":
        try:
            pq.duration.append(parse_duration(value))
        except ValueError as exc:
            pq.warn(f"bad duration in duration:{value}: {exc}; filter ignored")
    elif name in ("error", "title"):
        pq.clauses.append(Clause(value, phrase=len(value.split()) > 1, negated=negated, in_field=name))
    elif name == "year" and not re.fullmatch(r"\d{4}", value):
        pq.warn(f"bad year in year:{value}: use four digits; filter ignored")
    else:
        if negated:
            pq.warnings.append(f"'-{name}:' exclusion is not supported; used {name}:{value} as a filter")
        pq.keywords.setdefault(name, []).append(norm_key(value))


def parse_query(text: str, filters: dict[str, Any] | None = None,
                allowed_fields: tuple[str, ...] = KNOWN_FIELDS) -> ParsedQuery:
    """Parse user query text plus programmatic ``filters`` (same field names) into a ParsedQuery."""
    pq = ParsedQuery()
    text = text or ""
    if len(text) > MAX_QUERY_CHARS:
        pq.warn(f"query longer than {MAX_QUERY_CHARS} characters; the rest was ignored")
        text = text[:MAX_QUERY_CHARS]
    join_next = False
    for token, quoted, negated in _split(text, pq):
        pq.parts += 1
        if not quoted and token == "OR":
            join_next = bool(pq.clauses)
            continue
        match = None if quoted else _FIELD_RE.match(token)
        if match and match.group(2):
            name = match.group(1).lower()
            canonical = FIELD_ALIASES.get(name)
            if canonical is None or canonical not in allowed_fields:
                pq.warnings.append(f"unknown field '{name}:' (known: {', '.join(allowed_fields)}); "
                                   f"searched {token!r} as text")
                token = f"{match.group(1)} {match.group(2)}"
            else:
                _add_field(pq, canonical, match.group(2), negated)
                continue
        clause = Clause(token, phrase=quoted and len(token.split()) > 1, negated=negated)
        if join_next and pq.clauses and not negated:
            pq.clauses[-1].alternatives.append(clause)
        else:
            pq.clauses.append(clause)
        join_next = False
    for name, value in (filters or {}).items():
        canonical = FIELD_ALIASES.get(str(name).lower())
        if canonical is None or canonical not in allowed_fields:
            pq.warn(f"unknown filter '{name}' (known: {', '.join(allowed_fields)}); ignored")
            continue
        values = value if isinstance(value, list | tuple | set) else [value]
        for item in values:
            if item is None or item == "":
                continue
            if isinstance(item, datetime | date):
                item = item.isoformat()[:10]
            pq.parts += 1
            _add_field(pq, canonical, str(item), False)
    if pq.after and pq.before and pq.after >= pq.before:
        pq.warnings.append(f"after:{pq.after.date()} is not earlier than before:{pq.before.date()}; "
                           "nothing can match both")
    return pq


# -- analysis ----------------------------------------------------------------------------------
# One pass of tokenising, lower-casing, stop-word removal and Porter stemming (with a word cache).
# Same output as Whoosh's StemmingAnalyzer, several times faster because it does not chain
# generators per token; the index is built and queried with it.
_WORD_RE = re.compile(r"\w+(?:\.?\w+)*")


class FastStemAnalyzer:
    """A Whoosh analyzer: regex words, lowercase, stop words (min size 2), Porter stems."""

    def __init__(self, minsize: int = 2, maxsize: int = 40, cachesize: int = 100_000):
        from whoosh.analysis import STOP_WORDS

        self.stoplist = frozenset(STOP_WORDS)
        self.minsize, self.maxsize, self.cachesize = minsize, maxsize, cachesize
        self._cache: dict[str, str] = {}

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_cache"] = {}
        return state

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and (self.minsize, self.maxsize) == (other.minsize, other.maxsize)

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.minsize, self.maxsize))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def clean(self) -> None:
        self._cache.clear()

    def has_morph(self) -> bool:
        return True

    def stem(self, word: str) -> str:
        stemmed = self._cache.get(word)
        if stemmed is None:
            from whoosh.lang.porter import stem

            if len(self._cache) >= self.cachesize:
                self._cache.clear()
            stemmed = self._cache[word] = stem(word)
        return stemmed

    def positions(self, text: str) -> dict[str, list[int]]:
        """term -> positions in ``text``: the same terms as ``__call__``, without Token objects."""
        result: dict[str, list[int]] = {}
        stops, lo, hi, cache, stem = self.stoplist, self.minsize, self.maxsize, self._cache, self.stem
        pos = 0
        for word in _WORD_RE.findall(text):
            word = word.lower()
            if len(word) < lo or len(word) > hi or word in stops:
                continue
            term = cache.get(word) or stem(word)
            if term in result:
                result[term].append(pos)
            else:
                result[term] = [pos]
            pos += 1
        return result

    def words(self, text: str) -> list[str]:
        """The indexed terms of ``text`` (for building queries)."""
        return [t.text for t in self(text)]

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs: Any) -> Iterator[Any]:
        from whoosh.analysis import Token

        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        stops, lo, hi, cache, stem = self.stoplist, self.minsize, self.maxsize, self._cache, self.stem
        pos = start_pos
        matches = _WORD_RE.finditer(value) if tokenize else [re.match(r".*", value, re.S)]
        for match in matches:
            assert match is not None
            word = match.group().lower()
            stopped = len(word) < lo or len(word) > hi or word in stops
            if stopped and removestops:
                continue
            token.stopped = stopped
            token.text = word if stopped else (cache.get(word) or stem(word))
            token.boost = 1.0
            if keeporiginal:
                token.original = match.group()
            if positions:
                token.pos = pos
                pos += 0 if stopped else 1
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


# -- translation to Whoosh ---------------------------------------------------------------------
def _text_query(clause: Clause, fields: dict[str, str], analyzer: FastStemAnalyzer) -> Any | None:
    from whoosh import query as wq

    words = analyzer.words(clause.text)
    name = fields.get(clause.in_field or "")
    if not words or name is None:
        return None
    return wq.Term(name, words[0]) if len(words) == 1 else wq.Phrase(name, words)


def _clause_query(clause: Clause, fields: dict[str, str], analyzer: FastStemAnalyzer,
                  pq: ParsedQuery) -> Any | None:
    from whoosh import query as wq

    options = [q for c in (clause, *clause.alternatives)
               if (q := _text_query(c, fields, analyzer)) is not None]
    if not options:
        pq.warnings.append(f"'{clause.text}' has no searchable words (too common or too short); ignored")
        return None
    return options[0] if len(options) == 1 else wq.Or(options)


def to_whoosh(pq: ParsedQuery, fields: dict[str, str], analyzer: FastStemAnalyzer) -> tuple[Any, Any]:
    """The free-text part of a parsed query as Whoosh queries: (what must match or None, what must not
    or None). Keyword, date and duration filters are applied by the engine on its own arrays.

    Exclusions come apart because Whoosh's AndNot matcher can let the first excluded document
    through when enumerating all matches; the engine removes them instead."""
    from whoosh import query as wq

    must: list[Any] = []
    must_not: list[Any] = []
    for clause in pq.clauses:
        q = _clause_query(clause, fields, analyzer, pq)
        if q is not None:
            (must_not if clause.negated else must).append(q)
    scored = must[0] if len(must) == 1 else (wq.And(must) if must else None)
    exclude = (must_not[0] if len(must_not) == 1 else wq.Or(must_not)) if must_not else None
    return scored, exclude


class FastPositions(Positions):
    """Whoosh's Positions postings (same bytes on disk), built without a Token per word when the
    field uses :class:`FastStemAnalyzer`."""

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Any:
        if not isinstance(analyzer, FastStemAnalyzer) or not isinstance(value, str):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        fb = self.field_boost
        encode = self.encode
        for word, poslist in analyzer.positions(value).items():
            yield word, len(poslist), len(poslist) * fb, encode(poslist)
