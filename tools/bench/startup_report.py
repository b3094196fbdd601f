"""The start-up bench's report (tools/bench/startup.py measures): medians, ratios beside the
peer, the issue's targets, the printed table and the JSON written to bench/results/."""

from __future__ import annotations

import platform
import statistics
from importlib import metadata

from tools.bench import peers
from tools.bench.common import print_columns, provenance, ratio
from tools.build.common import npm_version

# The Performance issue's targets, as fractions of the stock recipe's own figures in the same run:
# warm: last view painted within 10% of the peer's warm start, interactive within 30% of it;
# cold: interactive at least 3x faster than the peer's cold start.
TARGET_PAINT_FRACTION = 0.10
TARGET_WARM_FRACTION = 0.30
TARGET_COLD_RATIO = 3.0
TARGET_FIRST_VISIT_MB = 12.0  # bytes of a cold load, as served (gzip where a static host applies it)
TARGET_PHONE_WARM_MS = 2000  # warm start on a phone-class CPU: people open a planner many times a day
PHONE_CPU_SLOWDOWN = 4  # Chromium DevTools' "4x slowdown", its own stand-in for a mid-range phone
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True,
         "has_touch": True}

def make_report(samples, wheels, micropip_wheel, chromium_version, hosts, args, seconds) -> dict:
    keys = list(next(iter(samples.values()))[0])
    medians = {name: {key: (statistics.median(values) if values else None)
                      for key in keys for values in [[s[key] for s in runs if s[key] is not None]]}
               for name, runs in samples.items()}
    ratios = {kind: medians["peer"][f"{kind}_ms"] / medians["daypane"][f"{kind}_ms"]
              for kind in ("cold", "warm")}
    ratios["warm_http_cache"] = medians["peer"]["warm_ms"] / medians["daypane-http"]["warm_ms"]
    for kind in ("cold", "warm"):
        ratios[f"{kind}_phone"] = medians["peer-phone"][f"{kind}_ms"] / medians["daypane-phone"][f"{kind}_ms"]
    return {
        **provenance(),
        "versions": {
            "pyodide": npm_version("pyodide"),
            "pyscript": npm_version("@pyscript/core"),
            "chromium": chromium_version,
            "playwright": metadata.version("playwright"),
            "host_python": platform.python_version(),
            "micropip": peers.MICROPIP[1],
            "wheels": sorted(w.name for w in wheels),
        },
        "method": {
            "runs": args.runs,
            "warmup_rounds": args.warmup,
            "interleaved": True,
            "contexts": ("incognito context per sample, one browser for the run" if args.incognito
                         else "persistent context on a new empty profile (disk HTTP cache) per sample"),
            "cold": "fresh browser context (empty HTTP cache); performance.now() when data-app-state "
                    "becomes ready (MutationObserver installed by add_init_script)",
            "warm": "second load in the same context (HTTP cache warm)",
            "bytes": "sum of transferSize / encodedBodySize of the navigation and resource timing "
                     "entries when ready",
            "request_hosts": sorted(hosts),
            "seconds": round(seconds, 1),
        },
        "sites": {
            "daypane": {"recipe": "dist/ as built by tools.build; warm load served by its service "
                                  "worker", "samples": samples["daypane"]},
            "daypane-http": {"recipe": "the same dist/ with service workers blocked: warm load from "
                                       "the HTTP cache", "samples": samples["daypane-http"]},
            "daypane-unpack": {"recipe": "as daypane-http, with the kept unpacked snapshot deleted "
                                         "before the warm load (the A/B of keeping it)",
                               "samples": samples["daypane-unpack"]},
            "peer": {"recipe": peers.stock_recipe(len(wheels)), "micropip_wheel": micropip_wheel.name,
                     "samples": samples["peer"]},
            "daypane-phone": {"recipe": f"as daypane, {PHONE['viewport']['width']} px wide at "
                                        f"{PHONE['device_scale_factor']}x, CPU slowed {PHONE_CPU_SLOWDOWN}x",
                              "samples": samples["daypane-phone"]},
            "peer-phone": {"recipe": "as peer, on the same phone", "samples": samples["peer-phone"]},
        },
        "medians": medians,
        "ratios_peer_over_daypane": ratios,
        "targets": targets(medians, ratios),
    }


def targets(medians: dict, ratios: dict) -> list[dict]:
    peer_warm = medians["peer"]["warm_ms"]
    painted = medians["daypane"]["warm_painted_ms"]
    rows = [
        ("warm: last view painted within 10% of the peer's warm start", painted,
         TARGET_PAINT_FRACTION * peer_warm),
        ("warm: interactive within 30% of the peer's warm start (service worker)",
         medians["daypane"]["warm_ms"], TARGET_WARM_FRACTION * peer_warm),
        ("warm: interactive within 30% of the peer's warm start (HTTP cache)",
         medians["daypane-http"]["warm_ms"], TARGET_WARM_FRACTION * peer_warm),
        ("cold: interactive at least 3x faster than the peer", medians["daypane"]["cold_ms"],
         medians["peer"]["cold_ms"] / TARGET_COLD_RATIO),
        (f"phone-class CPU ({PHONE_CPU_SLOWDOWN}x slower): warm start interactive within 2 s",
         medians["daypane-phone"]["warm_ms"], TARGET_PHONE_WARM_MS),
    ]
    found = [{"text": text, "ours_ms": ours, "limit_ms": limit, "unit": "ms",
              "met": ours is not None and ours <= limit} for text, ours, limit in rows]
    first_visit = medians["daypane"]["cold_transfer_bytes"] / 1e6
    return found + [{"text": "first visit: bytes transferred", "ours_ms": first_visit,
                     "limit_ms": TARGET_FIRST_VISIT_MB, "unit": "MB", "met": first_visit <= TARGET_FIRST_VISIT_MB}]


def print_table(report: dict) -> None:
    med, runs = report["medians"], {k: v["samples"] for k, v in report["sites"].items()}
    n = report["method"]["runs"]

    def ms(name, key):
        values = [s[key] for s in runs[name] if s[key] is not None]
        if not values:
            return "none"
        return f"{med[name][key]:6.0f} ({min(values):.0f}-{max(values):.0f})"

    def mb(name, key):
        return f"{med[name][key] / 1e6:6.2f} MB"

    ratios = report["ratios_peer_over_daypane"]
    rows = [
        ("cold start to ready, ms", ms("daypane", "cold_ms"), ms("peer", "cold_ms"), f"{ratios['cold']:.2f}x"),
        ("warm start to ready, ms (service worker)", ms("daypane", "warm_ms"), ms("peer", "warm_ms"),
         f"{ratios['warm']:.2f}x"),
        ("warm start to ready, ms (HTTP cache only)", ms("daypane-http", "warm_ms"), ms("peer", "warm_ms"),
         f"{ratios['warm_http_cache']:.2f}x"),
        ("warm start, unpacked snapshot not kept (A/B, HTTP cache)", ms("daypane-unpack", "warm_ms"),
         ms("daypane-http", "warm_ms"), "(kept)"),
        ("warm: last view painted, ms", ms("daypane", "warm_painted_ms"), "", ""),
        (f"phone ({PHONE_CPU_SLOWDOWN}x CPU): cold start to ready, ms", ms("daypane-phone", "cold_ms"),
         ms("peer-phone", "cold_ms"), f"{ratios['cold_phone']:.2f}x"),
        (f"phone ({PHONE_CPU_SLOWDOWN}x CPU): warm start to ready, ms", ms("daypane-phone", "warm_ms"),
         ms("peer-phone", "warm_ms"), f"{ratios['warm_phone']:.2f}x"),
        ("phone: warm, last view painted, ms", ms("daypane-phone", "warm_painted_ms"), "", ""),
        ("warm loads served by the service worker",
         f"{sum(s['warm_from_service_worker'] for s in runs['daypane'])}/{n}", "", ""),
        ("cold bytes transferred", mb("daypane", "cold_transfer_bytes"), mb("peer", "cold_transfer_bytes"),
         ratio(med['peer']['cold_transfer_bytes'], med['daypane']['cold_transfer_bytes'])),
        ("warm bytes transferred", mb("daypane", "warm_transfer_bytes"), mb("peer", "warm_transfer_bytes"), ""),
        ("cold requests", f"{med['daypane']['cold_requests']:6.0f}", f"{med['peer']['cold_requests']:6.0f}", ""),
    ]
    header = ("", "Daypane", "peer¹", "peer/Daypane")
    print(f"\nStart-up, median of {n} runs (min-max), {report['commit']}"
          f"{' (dirty)' if report['dirty'] else ''}, {report['machine']['nproc']} CPUs, "
          f"Chromium {report['versions']['chromium']}, {report['method']['contexts']}")
    print_columns([header, *rows])
    for target in report["targets"]:
        unit, digits = target.get("unit", "ms"), 0 if target.get("unit", "ms") == "ms" else 2
        ours = "none" if target["ours_ms"] is None else f"{target['ours_ms']:.{digits}f} {unit}"
        print(f"target: {target['text']}: {ours} vs <= {target['limit_ms']:.{digits}f} {unit} -> "
              f"{'MET' if target['met'] else 'NOT MET'}")
    crashes = report.get("renderer_crashes", [])
    print(f"renderer crashes: {len(crashes)}" + "".join(
        f"; {c['variant']} during {c['during']} (measured again)" for c in crashes))
    print(f"¹ peer = {report['sites']['peer']['recipe']}.")
    print(f"  All requests went to: {', '.join(report['method']['request_hosts'])}.")

