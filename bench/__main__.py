"""Run every benchmark and print the figures: ``python -m bench``."""

import json

from bench import cold_start, demo_cost, distribution, imports
from bench import console as console_bench
from bench import webhooks as webhook_bench

if __name__ == "__main__":
    figures = {
        "cold_start": cold_start.main(),
        "distribution": distribution.main(),
        "demo": demo_cost.main(),
        "imports": imports.main(),
        "webhooks": webhook_bench.main(),
        "console": console_bench.main(),
    }
    print(json.dumps(figures, indent=2))
