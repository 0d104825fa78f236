"""Budget: a campaign page under load (gunicorn, 2 workers, this 2-core machine) has p99 < 50 ms.

Needs wrk (`apt-get install wrk`). Loopback only, bounded in time.

    .venv/bin/python benchmarks/campaign_load.py [--path /campaigns/safer-routes] [--seconds 20]
"""

import argparse
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _server import gunicorn_server  # noqa: E402

BUDGET_MS = 50.0


def to_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--path", default="/campaigns/safer-routes")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2
    with gunicorn_server() as base:
        url = base + args.path
        urllib.request.urlopen(url, timeout=5).read()  # fails loudly on a missing page
        result = subprocess.run(
            ["wrk", "--latency", "-t", "2", "-c", str(args.connections),
             "-d", f"{args.seconds}s", url],
            capture_output=True, text=True, check=True, timeout=args.seconds + 30,
        )
    output = result.stdout
    percentiles = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.M))
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    p99 = to_ms(percentiles["99"])
    print(f"{url} for {args.seconds}s, {args.connections} connections, gunicorn 2 workers")
    print(f"requests/s {rps}; p50 {percentiles['50']}, p90 {percentiles['90']}, "
          f"p99 {percentiles['99']}; non-2xx {errors.group(1) if errors else 0}")
    print(f"budget p99 < {BUDGET_MS:g} ms: {'met' if p99 < BUDGET_MS else 'NOT met'}")
    return 0 if p99 < BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
