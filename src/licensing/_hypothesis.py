"""Hypothesis' entry point: register a strategy for each public type, lazily.

Hypothesis calls `_hypothesis_setup_hook` when it is first imported, which may happen while
`licensing.strategies` itself is being imported (it imports Hypothesis). So this module imports
nothing of the strategies up front: each registration is deferred until a strategy is drawn.
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

import licensing

__all__ = ["_hypothesis_setup_hook"]


def _lazy(name: str) -> st.SearchStrategy[object]:
    def build() -> st.SearchStrategy[object]:
        from licensing import strategies  # noqa: PLC0415 - deferred: see the module docstring

        factory: Callable[[], st.SearchStrategy[object]] = getattr(strategies, name)
        return factory()

    return st.deferred(build)


def _hypothesis_setup_hook() -> None:
    """Register a strategy for each public type, so ``st.from_type`` builds only valid ones."""
    for cls, name in (
        (licensing.User, "users"),
        (licensing.LicensePool, "license_pools"),
        (licensing.Clinic, "clinics"),
        (licensing.Organization, "organizations"),
        (licensing.AdjustmentRequest, "adjustment_requests"),
        (licensing.BillingCycle, "billing_cycles"),
        (licensing.PriceList, "price_lists"),
        (licensing.RetentionPolicy, "retention_policies"),
        (licensing.PoolUsage, "pool_usages"),
        (licensing.ClinicUsage, "clinic_usages"),
        (licensing.OrganizationUsage, "organization_usages"),
        (licensing.RemovalProposal, "removal_proposals"),
        (licensing.RemovalLine, "removal_lines"),
        (licensing.ValidationReport, "validation_reports"),
        (licensing.Problem, "problems"),
        (licensing.InactivityPolicy, "inactivity_policies"),
        (licensing.IdleUser, "idle_users"),
        (licensing.IdleReport, "idle_reports"),
        (licensing.Alert, "alerts"),
        (licensing.HealthCheck, "health_checks"),
    ):
        st.register_type_strategy(cls, _lazy(name))
