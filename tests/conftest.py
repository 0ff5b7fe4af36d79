"""Hypothesis profiles: a thorough default (CI), a fast one for local runs.

Choose with the environment variable ``HYPOTHESIS_PROFILE`` (``thorough`` or ``fast``).
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "thorough",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile(
    "fast",
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "thorough"))
