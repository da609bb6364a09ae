#!/usr/bin/env python3
"""Turns FleetBenchmark's JSON into benchmarks/results/FLEET.md and fleet.svg (standard library only).

    python3 benchmarks/fleet_report.py benchmarks/results

Reads the newest fleet-<date>.json in the folder (by name) and writes the table of statements per
second against the issue's targets, revoke -> refused latencies, and one chart: statements/s per
run (log scale, target marked) and the latency distribution with and without the doorbell.
"""
import json
import math
import os
import re
import sys

MODES = {
    "new": "anchored on the feed, no doorbell",
    "doorbell": "anchored on the feed + PostgreSQL doorbell",
    "old": "today's design: re-read after refreshAfter",
}
COLORS = {"new": "#1f77b4", "doorbell": "#2ca02c", "old": "#d62728"}


def newest(folder):
    names = sorted(n for n in os.listdir(folder) if re.fullmatch(r"fleet-[0-9-]+[a-z0-9-]*\.json", n))
    if not names:
        sys.exit(f"no fleet-<date>.json in {folder}")
    with open(os.path.join(folder, names[-1])) as f:
        return names[-1], json.load(f)


def fmt(x, digits=0):
    if x is None:
        return "—"
    if abs(x) >= 100 or digits == 0:
        return f"{x:,.0f}"
    return f"{x:,.{digits}f}"


def target_text(d, r):
    polls = d["instances"] * 1000 / d["pollIntervalMs"]
    if r["mode"] == "old":
        return (f"{fmt(r['targetStatementsPerSecond'])} (= {r['instances']} × {r['hotTokens']:,} / "
                f"{d['refreshAfterMs'] / 1000:g} s + {fmt(polls)})")
    return f"≤ {fmt(r['targetStatementsPerSecond'], 1)} (= 1.1 × {r['instances']} / {d['pollIntervalMs'] / 1000:g} s)"


def lat(r):
    if "refusedP50Ms" not in r:
        return "—", "—", "—"
    return fmt(r["refusedP50Ms"], 1), fmt(r["refusedP99Ms"], 1), fmt(r["refusedMaxMs"], 1)


def table(name, d):
    lines = [
        "| run | instances | hot tokens / instance | statements/s (client count) | scans/s of the benchmark's tables (PostgreSQL) | target | token lookups/s (jtis read) | revoke → refused p50 / p99 / max (ms) |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for r in d["runs"]:
        p50, p99, mx = lat(r)
        lines.append(
            f"| {r['mode']}: {MODES[r['mode']]} | {r['instances']} | {r['hotTokens']:,} | "
            f"**{fmt(r['statementsPerSecond'], 1)}** | {fmt(r['dbStatementsPerSecond'], 1)} | {target_text(d, r)} | "
            f"{fmt(r['lookupJtisPerSecond'])} | {p50} / {p99} / {mx} |")
    return lines


def details(d):
    lines = [
        "| run | warm-up: s, lookup statements, jtis | feed + doorbell statements/s | lookup statements/s | verifies/s | sweep (s) | anchored | load avg (min–max) | cores: machine / JVM / PG pool backends / PG doorbell backends / PG other | revoke call (ms) | extra feed statements per revoke | samples, missed, not refused |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: | --- |",
    ]
    for r in d["runs"]:
        rv = "—"
        if "revokeSamples" in r:
            rv = f"{r['revokeSamples']:,}, {r['revokeMissed']}, {r['revokeNotRefused']}"
        lines.append(
            f"| {r['mode']} × {r['hotTokens']:,} | {r['warmSeconds']:.0f} s, {r['warmLookupStatements']:,}, "
            f"{r['warmLookupJtis']:,} | {fmt(r['feedStatementsPerSecond'] + r.get('doorbellStatementsPerSecond', 0), 1)} | "
            f"{fmt(r['lookupStatementsPerSecond'], 1)} | {fmt(r['verifiesPerSecond'])} | {r['sweepSeconds']:.2f} | "
            f"{r['anchoredInstances']}/{r['instances']} | {r['loadAverage'][0]:.1f}–{r['loadAverage'][1]:.1f} | "
            f"{r.get('coresMachine', 0):.2f} / {r.get('coresJvm', 0):.2f} / {r.get('coresPgPoolBackends', 0):.2f} / "
            f"{r.get('coresPgDoorbellBackends', 0):.2f} / {r.get('coresPgOtherBackends', 0):.2f} | "
            f"{fmt(r.get('revokeCallMs'), 1)} | {fmt(r.get('revokePhaseFeedStatementsPerRevoke'), 1)} | {rv} |")
    return lines


def chart(d, path):
    width, left = 900, 300
    runs = d["runs"]
    bar_h = 18
    top = 40
    h1 = top + len(runs) * (bar_h + 8) + 40
    h2 = 300
    height = h1 + h2 + 20
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="10" y="20" font-weight="bold">Database statements/s in steady state, {d["instances"]} instances '
        f'(log scale; black tick = target)</text>',
    ]
    lo, hi = 0.0, 6.0  # 1 .. 1,000,000 statements/s
    scale = (width - left - 80) / (hi - lo)
    x = lambda v: left + (math.log10(max(v, 1)) - lo) * scale
    for e in range(int(lo), int(hi) + 1):
        gx = x(10 ** e)
        out.append(f'<line x1="{gx:.1f}" y1="{top - 6}" x2="{gx:.1f}" y2="{h1 - 30}" stroke="#eeeeee"/>')
        out.append(f'<text x="{gx:.1f}" y="{h1 - 16}" text-anchor="middle" fill="#666">{10 ** e:,}</text>')
    y = top
    for r in runs:
        v = r["statementsPerSecond"]
        label = f"{r['mode']}, {r['hotTokens']:,} hot tokens"
        out.append(f'<text x="{left - 6}" y="{y + 13}" text-anchor="end">{label}</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{max(1, x(v) - left):.1f}" height="{bar_h}" fill="{COLORS[r["mode"]]}"/>')
        tx = x(r["targetStatementsPerSecond"])
        out.append(f'<line x1="{tx:.1f}" y1="{y - 3}" x2="{tx:.1f}" y2="{y + bar_h + 3}" stroke="black" stroke-width="2"/>')
        out.append(f'<text x="{max(x(v), tx) + 6:.1f}" y="{y + 13}">{fmt(v)}/s (target {fmt(r["targetStatementsPerSecond"])})</text>')
        y += bar_h + 8
    # Latency CDF, log x: 0.1 ms .. 10 s.
    y0 = h1 + 20
    out.append(f'<text x="10" y="{y0}" font-weight="bold">Revoke → refused on every instance: share of '
               f'(instance, revoke) samples refused within t (log scale)</text>')
    px0, px1, py0, py1 = 80, width - 40, y0 + 20, y0 + h2 - 50
    llo, lhi = -1.0, 4.0
    lx = lambda ms: px0 + (math.log10(max(ms, 0.1)) - llo) / (lhi - llo) * (px1 - px0)
    ly = lambda q: py1 - q * (py1 - py0)
    for e in range(int(llo), int(lhi) + 1):
        gx = lx(10 ** e)
        out.append(f'<line x1="{gx:.1f}" y1="{py0}" x2="{gx:.1f}" y2="{py1}" stroke="#eeeeee"/>')
        out.append(f'<text x="{gx:.1f}" y="{py1 + 16}" text-anchor="middle" fill="#666">{10 ** e:g} ms</text>')
    for q in (0, 0.5, 0.99, 1):
        out.append(f'<line x1="{px0}" y1="{ly(q):.1f}" x2="{px1}" y2="{ly(q):.1f}" stroke="#eeeeee"/>')
        out.append(f'<text x="{px0 - 6}" y="{ly(q) + 4:.1f}" text-anchor="end" fill="#666">{q:g}</text>')
    ly_off = 0
    for r in runs:
        qs = r.get("refusedQuantilesMs")
        if not qs:
            continue
        pts = " ".join(f"{lx(v):.1f},{ly(i / (len(qs) - 1)):.1f}" for i, v in enumerate(qs))
        out.append(f'<polyline points="{pts}" fill="none" stroke="{COLORS[r["mode"]]}" stroke-width="2"/>')
        out.append(f'<text x="{px0 + 10}" y="{py0 + 14 + ly_off}" fill="{COLORS[r["mode"]]}">{r["mode"]}: p50 '
                   f'{r["refusedP50Ms"]:g} ms, p99 {r["refusedP99Ms"]:g} ms, max {r["refusedMaxMs"]:g} ms</text>')
        ly_off += 16
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main(folder):
    name, d = newest(folder)
    lines = [
        "# Fleet benchmark results (issue 10)",
        "",
        f"Generated by `python3 benchmarks/fleet_report.py benchmarks/results` from `{name}`; do not edit",
        "by hand. How it is measured: [benchmarks/README.md](../README.md#fleet-benchmark).",
        "",
        f"{d['instances']} simulated instances in one JVM ({d['jvm']}, {d['cores']} cores), each with its own "
        f"HikariCP pool of {d['poolSize']}, `JdbcTokenStore`, `StatusCache`, `TokenVerifier` and `StatusFeedPoller` "
        f"(poll interval {d['pollIntervalMs'] / 1000:g} s), on {d['postgres']} at 127.0.0.1 "
        f"(max_connections {d['maxConnections']}); {d['driverThreads']} verifier threads sweep every instance's hot "
        f"tokens every {d['sweepMs'] / 1000:g} s ({d.get('oldDriverThreads', d['driverThreads'])} threads every "
        f"{d['sweepMs'] / 4000:g} s in the old design's runs; back to back when a sweep takes longer). Steady state measured over "
        f"{d['measureSeconds']} s per run; {d['revokesPerRun']} revokes per anchored run. Load average "
        f"{d['loadAverageAtStart']:.2f} at the start, {d['loadAverageAtEnd']:.2f} at the end; run {d['date']}.",
        "",
        "![statements per second and revoke latency](fleet.svg)",
        "",
    ]
    lines += table(name, d)
    lines += ["", "Details:", ""]
    lines += details(d)
    lines.append("")
    with open(os.path.join(folder, "FLEET.md"), "w") as f:
        f.write("\n".join(lines))
    chart(d, os.path.join(folder, "fleet.svg"))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "results"))
