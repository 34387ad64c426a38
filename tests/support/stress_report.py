"""Run many stress cases on all cores and print the pass table (see tests/support/stress.py)."""

from __future__ import annotations

import json
import os
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path

from . import stress

OUTCOMES = ("pass", "refused", "inaccurate", "span", "differs", "accepted", "leftover")


def _judge(args) -> dict:
    case, folder, references = args
    try:
        v = stress.judge(case, folder, references)
        row = dict(outcome=v.outcome, confidence=v.confidence,
                   confidently_wrong=v.confidently_wrong, residual_ms=list(v.residual_ms),
                   span_error_s=v.span_error_s, seconds=v.seconds, detail=v.detail)
    except Exception as exc:      # a crash of the engine is a result too
        row = dict(outcome="crash", confidence=None, confidently_wrong=False,
                   residual_ms=[None, None], span_error_s=None, seconds=0.0,
                   detail=f"{type(exc).__name__}: {exc}")
    row["case"] = asdict(case)
    return row


def _prepare(args) -> None:
    case, folder = args
    stress.build(case, folder / "prep" / case.ident, folder / "references")


def run(cases: list, workdir: Path, workers: int = 2, judge=_judge) -> list[dict]:
    """Judge `cases` on `workers` processes (`judge`: single-run cases by default; the runs
    cases pass stress_runs.judge_row), print a line per case, keep results.json."""
    workdir.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(workers) as pool:
        if judge is _judge:
            # Each distinct reference once (an hour-long mix takes a while to write).
            firsts = {}
            for c in cases:
                firsts.setdefault(stress.reference_key(c), c)
            list(pool.map(_prepare, [(c, workdir) for c in firsts.values()]))
        rows = []
        t0 = time.time()
        jobs = [(c, workdir / "cases" / c.ident, workdir / "references") for c in cases]
        for i, row in enumerate(pool.map(judge, jobs), 1):
            rows.append(row)
            c = row["case"]
            mark = "ok " if row["outcome"] == "pass" and not row["confidently_wrong"] else "!! "
            what = c.get("kind") or c.get("scenario")
            print(f"{mark}{i:4d}/{len(cases)} {c['ident']} {what:16s} {row['outcome']:10s} "
                  f"{row['detail'][:110]}  [{time.time() - t0:.0f}s]", flush=True)
    (workdir / "results.json").write_text(json.dumps(rows, indent=1))
    return rows


SINGLE_COLUMNS = (("refused", ("refused",)), ("inacc.", ("inaccurate",)), ("span", ("span",)),
                  ("differs", ("differs",)), ("accepted", ("accepted", "leftover", "crash")))


def _single_case(row: dict) -> stress.Case:
    return stress.Case(**{**row["case"], "pad": tuple(row["case"]["pad"])})


def table(rows: list[dict], case_of=_single_case, columns=SINGLE_COLUMNS) -> str:
    """The pass table by condition (ok cases judged on accuracy, others on refusal):
    `case_of(row)` gives the case (its `conditions()`), `columns` the failing outcomes
    counted, as (heading, outcomes)."""
    lines = []
    head = (f"{'condition':<18} {'value':<16} {'cases':>5} {'pass':>5} {'rate':>7} "
            + " ".join(f"{h:>{max(5, len(h))}}" for h, _ in columns) + f" {'conf.wrong':>10}")
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        case = case_of(row)
        groups[("all", "all")].append(row)
        for name, value in case.conditions().items():
            groups[(name, value)].append(row)
    lines.append(head)
    lines.append("-" * len(head))
    last = None
    for (name, value), items in sorted(groups.items(), key=lambda kv: (kv[0][0] != "all",
                                                                       kv[0][0], kv[0][1])):
        count = defaultdict(int)
        for r in items:
            count[r["outcome"]] += 1
            count["cw"] += bool(r["confidently_wrong"])
        n = len(items)
        label = name if name != last else ""
        last = name
        lines.append(f"{label:<18} {value:<16} {n:5d} {count['pass']:5d} "
                     f"{100 * count['pass'] / n:6.1f}% "
                     + " ".join(f"{sum(count[o] for o in outs):{max(5, len(h))}d}"
                                for h, outs in columns) + f" {count['cw']:10d}")
    return "\n".join(lines)


def summary(rows: list[dict]) -> str:
    ok = [r for r in rows if r["case"]["kind"] == "ok"]
    bad = [r for r in rows if r["case"]["kind"] != "ok"]
    ok_pass = sum(r["outcome"] == "pass" for r in ok)
    refused = sum(r["outcome"] == "pass" for r in bad)
    cw = sum(r["confidently_wrong"] for r in rows)
    times = sorted(r["seconds"] for r in rows)
    out = [f"ok cases passed: {ok_pass}/{len(ok)} ({100 * ok_pass / max(1, len(ok)):.1f} %)",
           f"error cases refused with nothing written: {refused}/{len(bad)}",
           f"confidently wrong answers: {cw}",
           f"engine time per case (analyze + sync): median {times[len(times) // 2]:.1f} s, "
           f"max {times[-1]:.1f} s" if times else ""]
    for split in ("tune", "holdout"):
        part = [r for r in ok if _split(r) == split]
        if part:
            p = sum(r["outcome"] == "pass" for r in part)
            out.append(f"  {split}: {p}/{len(part)} ok cases passed")
    failures = [r for r in rows if r["outcome"] != "pass"]
    if failures:
        out.append("failures:")
        for r in failures:
            c = r["case"]
            out.append(f"  {c['ident']} {c['kind']} {c['song']} → {r['outcome']}: {r['detail']}")
    return "\n".join(out)


def _split(row: dict) -> str:
    from .songs import by_name
    return by_name(row["case"]["song"]).split


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))
