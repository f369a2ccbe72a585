"""Shared test set-up: a pinned local zone and hypothesis profiles."""

from __future__ import annotations

import os
import time

from hypothesis import HealthCheck, settings

# Nothing may depend on the machine's zone: pin one that is neither UTC nor
# any zone the tests use for data (pendulum's own tests pin the same).
os.environ["TZ"] = "America/Toronto"
time.tzset()

# No deadlines: speed is for the benchmarks, never a test verdict.
settings.register_profile("dev", max_examples=100, deadline=None)
# Under CI each property tries three times the examples of a run at the desk,
# within the 20 minutes CI may take on 2 cores (README says how long it takes);
# the properties over whole dossiers keep 100 (strategies.WHOLE_DOSSIERS).
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(
    "ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev")
)
