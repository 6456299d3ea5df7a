"""Links between outages of different companies: a cloud or CDN failure behind an app's outage.

Clusters are formed per fusion group (``archive.grouping``); this pass then folds, across groups:

* a status-page-only cluster into the overlapping outage whose news names that service (Google
  Cloud's incident behind a Discord outage);
* a news-only cluster into a larger overlapping outage of a service its news names (a GOV.UK story
  about the Fastly failure joins the Fastly outage).

Both use only names the news reports carry (``Item.mentions``), and time overlap.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from datetime import datetime, timedelta

from archive.grouping import TOLERANCE, Cluster, Item

Pair = tuple[str, Cluster]


def _news_mentions(cluster: Cluster) -> Counter[str]:
    return Counter(g for i in cluster.items if not i.is_status for g in i.mentions)


def _min_key(cluster: Cluster) -> str:
    return min(i.key for i in cluster.items)


def _gap(a: Cluster, b: Cluster) -> timedelta:
    assert a.lo and a.hi and b.lo and b.hi
    return max(a.lo - b.hi, b.lo - a.hi, timedelta(0))


class _Index:
    """Clusters of each group sorted by start, for overlap look-ups by bisection."""

    def __init__(self, pairs: list[Pair]):
        self.by_group: dict[str, list[Cluster]] = defaultdict(list)
        for group, cluster in pairs:
            self.by_group[group].append(cluster)
        self.starts: dict[str, list[datetime]] = {}
        self.longest: dict[str, timedelta] = {}
        for group, found in self.by_group.items():
            found.sort(key=lambda c: (c.lo, _min_key(c)))
            self.starts[group] = [c.lo for c in found]  # type: ignore[misc]
            self.longest[group] = max(c.hi - c.lo for c in found)  # type: ignore[operator]

    def near(self, group: str, cluster: Cluster) -> list[Cluster]:
        if group not in self.by_group:
            return []
        assert cluster.lo and cluster.hi
        first = bisect.bisect_left(self.starts[group], cluster.lo - TOLERANCE - self.longest[group])
        last = bisect.bisect_right(self.starts[group], cluster.hi + TOLERANCE)
        return [c for c in self.by_group[group][first:last] if _gap(c, cluster) <= TOLERANCE]


def _fold_official(pairs: list[Pair]) -> list[Pair]:
    index = _Index([(g, c) for g, c in pairs if all(i.is_status for i in c.items)])
    best: dict[int, tuple[tuple[int, float, str], Cluster, Cluster]] = {}
    for _, cluster in pairs:
        for other, votes in _news_mentions(cluster).items():
            for cand in index.near(other, cluster):
                score = (votes, -_gap(cand, cluster).total_seconds(), _min_key(cluster))
                if id(cand) not in best or score > best[id(cand)][0]:
                    best[id(cand)] = (score, cluster, cand)
    for _, target, cand in best.values():
        for item in cand.items:
            target.add(item, extend=False)
    return [(g, c) for g, c in pairs if id(c) not in best]


def _rank(cluster: Cluster) -> tuple[int, str]:
    """A strict total order (bigger first, then earlier key), so folding never runs in a circle."""
    return len(cluster.items), "".join(chr(0x10FFFF - ord(ch)) for ch in _min_key(cluster))


def _fold_news(pairs: list[Pair]) -> list[Pair]:
    index = _Index(pairs)
    parent: dict[int, Cluster] = {}
    for _, cluster in pairs:
        if any(i.is_status for i in cluster.items):
            continue
        choices = []
        for other, votes in sorted(_news_mentions(cluster).items()):
            for cand in index.near(other, cluster):
                if cand is not cluster and _rank(cand) > _rank(cluster):
                    choices.append((-votes, -len(cand.items), _gap(cand, cluster), _min_key(cand), cand))
        if choices:
            parent[id(cluster)] = min(choices, key=lambda c: c[:4])[4]
    for _, cluster in pairs:
        if id(cluster) in parent:
            root = parent[id(cluster)]
            while id(root) in parent:  # ranks only grow along the chain, so it ends
                root = parent[id(root)]
            for item in cluster.items:
                root.add(item, extend=False)
    return [(g, c) for g, c in pairs if id(c) not in parent]


def link_clusters(pairs: list[Pair]) -> list[Pair]:
    """Fold clusters across groups (see the module doc); the folded ones are dropped from the list."""
    return _fold_news(_fold_official(pairs))


def scope_closure(groups: dict[str, list[Item]], start: set[str]) -> set[str]:
    """``start`` plus every group linked to it, directly or not, by a news report naming a service."""
    links: dict[str, set[str]] = defaultdict(set)
    for key, items in groups.items():
        for item in items:
            for other in item.mentions:
                links[key].add(other)
                links[other].add(key)
    seen, todo = set(start), list(start)
    while todo:
        for nxt in links.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen
