"""The research stage: a reader's year of marks on a store, then the window measured again.

    python -m benchmarks.user_data STORE [--out DIR] [--name STEM]

Issue 14 asks that the list, search and facet targets still hold with 10,000 notes and
highlights and 50 collections on the full store. This seeds that much user data, the
way the app writes it (the store's public user-data methods, one call per note or
highlight, as the reader makes them), deterministically (`SEED`), and times the seeding;
then `window.measure_window` runs unchanged on the seeded store, and
`research_window.measure_research` times what only user data adds. Each part runs in a
child process of its own, as the runner does. It writes into STORE: use a copy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from benchmarks.timing import SEED, in_child, summary_ms

# Words a reader's notes are made of, besides words of the cable itself; the first are
# the most used (Zipf), so `note:` finds from about 1,000 notes down to a few dozen.
RESEARCH_WORDS = (
    "followup",
    "check",
    "source",
    "compare",
    "contradicts",
    "confirms",
    "earlier",
    "later",
    "cited",
    "quoted",
    "translation",
    "ambassador",
    "minister",
    "embassy",
    "deadline",
    "timeline",
    "meeting",
    "visit",
    "denied",
    "rumour",
    "budget",
    "contract",
    "election",
    "protest",
    "border",
    "treaty",
    "sanctions",
    "pipeline",
    "refinery",
    "shipment",
    "airport",
    "consulate",
    "informant",
    "dossier",
    "archive",
    "footnote",
    "chapter",
    "draft",
    "thesis",
    "interview",
    "verify",
    "spelling",
    "identity",
    "photo",
    "map",
    "witness",
    "ledger",
    "memo",
)
WORD = re.compile(r"[A-Za-z]{3,}")


@dataclass(frozen=True)
class Plan:
    """How much of each kind of user data to make (issue 14's figures at full size)."""

    cable_notes: int = 4_000
    paragraph_notes: int = 3_000
    highlights: int = 3_000
    stars: int = 2_000
    read: int = 20_000
    read_one_by_one: int = 1_000  # as opening cables marks them; the rest 100 a call
    collections: int = 50
    collection_min: int = 20
    collection_max: int = 2_000
    saved_searches: int = 10

    @staticmethod
    def for_store(cables: int) -> Plan:
        """The full plan on a big store; on a small one, as much as its cables allow."""
        full = Plan()
        if cables >= 100_000:
            return full
        share = cables / 251_287
        return Plan(
            cable_notes=max(8, round(full.cable_notes * share)),
            paragraph_notes=max(6, round(full.paragraph_notes * share)),
            highlights=max(6, round(full.highlights * share)),
            stars=max(4, round(full.stars * share)),
            read=max(10, round(full.read * share)),
            read_one_by_one=max(5, round(full.read_one_by_one * share)),
            collections=min(full.collections, max(3, cables // 20)),
            collection_min=min(full.collection_min, max(1, cables // 30)),
            collection_max=min(full.collection_max, max(2, cables // 4)),
            saved_searches=full.saved_searches,
        )

    @property
    def notes_and_highlights(self) -> int:
        return self.cable_notes + self.paragraph_notes + self.highlights


def _note_text(rng: random.Random, words: list[str]) -> str:
    """A note: a research word or two (Zipf) among words of the cable."""
    weights = [1 / (rank + 1) for rank in range(len(RESEARCH_WORDS))]
    own = rng.choices(RESEARCH_WORDS, weights, k=rng.randint(1, 2))
    body = rng.sample(words, min(len(words), rng.randint(4, 20))) if words else []
    return " ".join([*own, *body]).capitalize() + "."


def _quote(rng: random.Random, text: str) -> tuple[int, int] | None:
    """A run of 3-15 whole words of a paragraph, as a reader would select it."""
    spans = [m.span() for m in WORD.finditer(text)]
    if len(spans) < 3:
        return None
    length = rng.randint(3, min(15, len(spans)))
    first = rng.randrange(0, len(spans) - length + 1)
    return spans[first][0], spans[first + length - 1][1]


def _collection_sizes(plan: Plan, rng: random.Random, cables: int) -> list[int]:
    """Log-uniform between the bounds; the first is the biggest, the second the smallest."""
    low, high = math.log(plan.collection_min), math.log(plan.collection_max)
    sizes = [plan.collection_max, plan.collection_min]
    sizes += [round(math.exp(rng.uniform(low, high))) for _ in range(plan.collections - 2)]
    return [min(cables, s) for s in sizes[: plan.collections]]


def collection_name(index: int) -> str:
    return f"Research set {index + 1:02d}"


def seed_user_data(db_path: str, plan: Plan | None = None, seed: int = SEED) -> dict[str, Any]:
    """Write the plan's user data into the store at `db_path`, timing each kind.

    Only the store's public user-data methods write (the calls the window and the CLI
    make); the quotes are real text of the cables' paragraphs, located as the window
    locates a selection (`locate_quote`). Raises if the store has user data already, so
    a figure never comes from a store seeded twice."""
    from cablereader.core.anchoring import locate_quote
    from cablereader.core.user_items import HIGHLIGHT_COLOURS, STAR_COLOURS
    from cablereader.store.sqlite_store import SqliteCableStore

    rng = random.Random(seed)
    store = SqliteCableStore(db_path)
    try:
        if store.notes() or store.highlights() or store.collections() or store.stars():
            raise RuntimeError(f"{db_path} has user data already: seed a fresh copy")
        refs = [r[0] for r in store.db.execute("SELECT reference_id FROM cables ORDER BY id")]
        plan = plan or Plan.for_store(len(refs))
        timings: dict[str, Any] = {}

        def stage(name: str, calls: list[float], started: float) -> None:
            timings[name] = {
                "seconds": round(time.perf_counter() - started, 2),
                "per_call": summary_ms(calls) if calls else {},
            }

        # Notes and highlights on cables picked at random; the paragraph kinds need the
        # cable's paragraphs, read as the reader would have them open.
        started, calls = time.perf_counter(), []
        for reference_id in rng.sample(refs, min(len(refs), plan.cable_notes)):
            stored = store.fetch_cable(reference_id)
            words = WORD.findall(stored.cable.body[:4000]) if stored else []
            text = _note_text(rng, words)
            t = time.perf_counter()
            store.add_note(reference_id, text)
            calls.append((time.perf_counter() - t) * 1000)
        stage("cable notes", calls, started)
        for kind, wanted in (
            ("paragraph notes", plan.paragraph_notes),
            ("highlights", plan.highlights),
        ):
            started, calls, made = time.perf_counter(), [], 0
            while made < wanted:
                reference_id = rng.choice(refs)
                stored = store.fetch_cable(reference_id)
                if stored is None:
                    continue
                paragraphs = [p for p in stored.cable.paragraphs if p.anchor and len(p.text) > 40]
                if not paragraphs:
                    continue
                paragraph = rng.choice(paragraphs)
                span = _quote(rng, paragraph.text)
                if span is None:
                    continue
                t = time.perf_counter()
                if kind == "paragraph notes":
                    words = WORD.findall(paragraph.text)
                    store.add_note(reference_id, _note_text(rng, words), paragraph.anchor)
                else:
                    found = locate_quote(paragraph.text, paragraph.text[span[0] : span[1]])
                    if found is None:
                        continue
                    start, end = found
                    note = _note_text(rng, []) if rng.random() < 0.3 else ""
                    store.add_highlight(
                        reference_id,
                        paragraph.anchor,
                        start,
                        end,
                        paragraph.text[start:end],
                        rng.choice(HIGHLIGHT_COLOURS),
                        note,
                    )
                calls.append((time.perf_counter() - t) * 1000)
                made += 1
            stage(kind, calls, started)

        # Stars a selection at a time (1-20 cables), in the app's five colours.
        started, calls = time.perf_counter(), []
        starred = rng.sample(refs, min(len(refs), plan.stars))
        at = 0
        while at < len(starred):
            chunk = starred[at : at + rng.randint(1, 20)]
            at += len(chunk)
            t = time.perf_counter()
            store.star(chunk, rng.choice(STAR_COLOURS))
            calls.append((time.perf_counter() - t) * 1000)
        stage("stars", calls, started)

        # Read marks: the first ones a cable at a time, as opening one marks it, the
        # rest a hundred at a time (Mark read on a selection).
        started, single, batched = time.perf_counter(), [], []
        read = rng.sample(refs, min(len(refs), plan.read))
        for reference_id in read[: plan.read_one_by_one]:
            t = time.perf_counter()
            store.mark_read([reference_id])
            single.append((time.perf_counter() - t) * 1000)
        for at in range(plan.read_one_by_one, len(read), 100):
            t = time.perf_counter()
            store.mark_read(read[at : at + 100])
            batched.append((time.perf_counter() - t) * 1000)
        stage("read marks", single, started)
        if batched:
            timings["read marks"]["per_call_of_100"] = summary_ms(batched)

        started, calls = time.perf_counter(), []
        sizes = _collection_sizes(plan, rng, len(refs))
        for index, size in enumerate(sizes):
            name = collection_name(index)
            members = rng.sample(refs, size)
            t = time.perf_counter()
            store.create_collection(name)
            for at in range(0, len(members), 200):  # added a selection at a time
                store.add_to_collection(name, members[at : at + 200])
            calls.append((time.perf_counter() - t) * 1000)
        stage("collections", calls, started)

        started, calls = time.perf_counter(), []
        for index, query in enumerate(saved_queries(plan.saved_searches)):
            t = time.perf_counter()
            store.save_search(f"Saved {index + 1:02d}", query)
            calls.append((time.perf_counter() - t) * 1000)
        stage("saved searches", calls, started)
        timings["total seconds"] = round(sum(v["seconds"] for v in timings.values()), 2)
        counts = {
            "notes": len(store.notes()),
            "highlights": len(store.highlights()),
            "stars": len(store.stars()),
            "read": len(store.read_ids()),
            "collections": len(store.collections()),
            "collection sizes": sizes,
            "saved searches": len(store.saved_searches()),
            "cables": len(refs),
        }
    finally:
        store.close()
    return {"plan": asdict(plan), "made": counts, "seeding": timings}


def saved_queries(count: int) -> list[str]:
    """What a reader keeps: user fields mixed with the usual ones."""
    queries = [
        "is:starred",
        "is:starred is:unread",
        f'in:"{collection_name(0)}"',
        "has:note",
        "has:highlight class:secret",
        f"note:{RESEARCH_WORDS[0]}",
        f'in:"{collection_name(2)}" is:unread',
        "star:red",
        "has:note tag:PREL",
        f"note:{RESEARCH_WORDS[5]} is:starred",
    ]
    return queries[:count]


def user_searches(made: dict[str, Any]) -> dict[str, list[str]]:
    """The research searches timed in the window, five texts each where there are five:
    the biggest collections, note words from the most to the least used."""
    sizes = made["collection sizes"]
    biggest = sorted(range(len(sizes)), key=lambda i: -sizes[i])[:5]
    picks = [0, 4, 12, 24, len(RESEARCH_WORDS) - 1]
    return {
        "is:starred": ["is:starred", "star:yellow", "star:red", "star:blue", "is:starred"],
        "in:a big collection": [f'in:"{collection_name(i)}"' for i in biggest],
        "has:note": ["has:note", "has:highlight", "has:note", "has:highlight", "has:note"],
        "note:word": [f"note:{RESEARCH_WORDS[i]}" for i in picks],
    }


# -- the stage -------------------------------------------------------------------------


def measure_stage(db_path: str, plan: Plan | None = None) -> dict[str, Any]:
    """Seed, then the window's own figures and the research ones, each in a child."""
    from benchmarks import research_window, window

    seeded = in_child(seed_user_data, db_path, plan)
    mine = user_searches(seeded["made"])
    searches = {**window_searches(db_path), **{USER_KIND + k: v for k, v in mine.items()}}
    shown = in_child(window.measure_window, db_path, searches)
    research = in_child(research_window.measure_research, db_path, mine)
    return {**seeded, "window": shown, "research": research}


USER_KIND = "mine: "  # the window's name of a research search is "search: mine: ..."


def window_searches(db_path: str) -> dict[str, list[str]]:
    """The runner's own search texts for the window (as `window.measure_window_at`)."""
    from benchmarks.measure import pick_queries

    queries = pick_queries(db_path)
    kinds = ("rare word", "medium word", "phrase", "field filters", "common word")
    return {k: queries[k] for k in kinds if queries.get(k)}


def table_rows(results: dict[str, Any]) -> list[list[str]]:
    """Rows for the runner's table (Area, Measure, Value, Target, Status)."""
    from benchmarks import research_window, window

    made = results["made"]
    rows = [
        [
            "Research",
            f"seed {made['notes']:,} notes, {made['highlights']:,} highlights,"
            f" {made['stars']:,} stars, {made['read']:,} read, {made['collections']} collections",
            f"{results['seeding']['total seconds']:.1f} s",
            "",
            "",
        ]
    ]
    shown = results["window"]
    rows += [["Research: " + r[0], *r[1:]] for r in window.table_rows(shown)]
    for name in shown:
        if name.startswith("search: " + USER_KIND):
            found = shown[name]
            rows.append(
                [
                    "Research: Window",
                    f"{name}: list painted",
                    f"p50 {found['painted']['p50_ms']:.0f} ms,"
                    f" p95 {found['painted']['p95_ms']:.0f} ms",
                    "< 200 ms (p50)",
                    "PASS" if found["painted"]["p50_ms"] < 200 else "MISS",
                ]
            )
            rows.append(
                [
                    "Research: Window",
                    f"{name}: counts shown too",
                    f"p50 {found['settled']['p50_ms']:.0f} ms,"
                    f" p95 {found['settled']['p95_ms']:.0f} ms",
                    "",
                    "",
                ]
            )
    rows += research_window.table_rows(results["research"])
    return rows


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"# The window with a reader's marks: {results['made']['cables']:,} cables,"
        f" {results['date']}",
        "",
        "`python -m benchmarks.user_data STORE` (see benchmarks/README.md). "
        + results.get("note", ""),
        "",
        "| Area | Measure | Value | Target | Status |",
        "|---|---|---|---|---|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in results["table"]]
    lines.append("")
    lines.append("Seeding, per kind (wall time; per call p50/p95):")
    lines.append("")
    for kind, found in results["seeding"].items():
        if isinstance(found, dict):
            call = found.get("per_call") or {}
            each = f", per call p50 {call['p50_ms']:.1f} ms, p95 {call['p95_ms']:.1f} ms"
            lines.append(f"- {kind}: {found['seconds']:.1f} s" + (each if call else ""))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results")
    parser.add_argument("--name", default=None, help="file stem (default research-DATE)")
    parser.add_argument("--note", default="", help="a sentence on how it was run")
    args = parser.parse_args(argv)
    from benchmarks.run import machine

    results: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": machine(),
        "note": args.note,
        **measure_stage(str(args.store)),
    }
    results["table"] = table_rows(results)
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.name or f"research-{results['date'][:10]}"
    (args.out / f"{stem}.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    (args.out / f"{stem}.md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
