"""The support package (werkondersteuningspakket) around R6 and R12.

Why a module of its own: R6 asks VDAB, during the evaluation on the work floor, whether "het
toegekende werkondersteuningspakket nog correct is", and a failed trajectory (R12, outcome
``returned``) changes the package. The package's bounds come from the Maatwerk implementing
order, not from the procedure page (DOMAIN.md, "Context from public sources", "Support
package"): wage premium 40–75 % in steps of 5, a guidance premium graded low / medium / high,
at most 5 years from hiring for hires since 1 January 2019, and "40 % low" while a new
trajectory is awaited when one failed for reasons beyond the employee. All of these are dated
parameters (R16). Packages are versioned by the caller, never overwritten (R6).
"""

from __future__ import annotations

from datetime import date, timedelta

from doorstroom.rules.calendar import ONE_DAY, add_years
from doorstroom.rules.codes import GUIDANCE_LEVELS
from doorstroom.rules.params import ParameterNotInForce, ParameterValue, all_parameters, parameter


def wage_premium_bounds(on: date) -> tuple[int, int, int, tuple[ParameterValue, ...]]:
    """R6 context: lowest, highest and step of the wage premium in force on ``on``, in percent.

    Returned with the parameters used, so that a screen can offer the allowed values and a
    decision can keep the law it applied.
    """
    low = parameter("wage_premium_min_percent", on)
    high = parameter("wage_premium_max_percent", on)
    step = parameter("wage_premium_step_percent", on)
    return low.as_int(), high.as_int(), step.as_int(), (low, high, step)


def package_regime_start() -> date:
    """R6 context, R16: the first day the system knows package bounds for (2019-01-01).

    The day the first ``wage_premium_min_percent`` came into force (the Maatwerk implementing
    order, in force 1 January 2019). A package of someone hired before it is taken to start on
    it: the support package as this system knows it did not exist earlier, and a date before
    the first value of a parameter has no rule (DOMAIN.md, "Open points").
    """
    return all_parameters()["wage_premium_min_percent"][0].in_force_from


def wage_premium_valid(percent: int, on: date) -> bool:
    """R6 context: is ``percent`` an allowed wage premium on ``on``?

    Source (R6): "Tijdens de evaluatie van de doelgroepwerknemer op de werkvloer onderzoekt
    VDAB … of het toegekende werkondersteuningspakket nog correct is." Bounds from the
    implementing order: "Wage premium 40–75% of the capped reference wage in steps of 5".

    Allowed when ``wage_premium_min_percent ≤ percent ≤ wage_premium_max_percent`` and
    ``percent`` is the minimum plus a whole number of ``wage_premium_step_percent`` steps
    (40, 45, …, 75), all in force on ``on`` (the package version's start).
    """
    low, high, step, _ = wage_premium_bounds(on)
    return low <= percent <= high and (percent - low) % step == 0


def package_validity(
    *, hired_on: date, valid_from: date
) -> tuple[date | None, tuple[ParameterValue, ...]]:
    """R6 context: the last day of a support package, with the parameters used (``None``: open).

    Source (implementing order, DOMAIN.md "Support package"): "For hires since 1 January 2019
    the package is valid at most 5 years from hiring."

    The law is the one in force on ``valid_from`` (the day this package version starts, i.e.
    the decision that sets it): if ``hired_on`` is on or after
    ``support_package_validity_applies_from``, the last day is the day before the
    ``support_package_validity_years``-th anniversary of ``hired_on`` (29 February → 28
    February, as R3); otherwise the package is open-ended. The limit counts from hiring, not
    from ``valid_from``: a later version (after a re-evaluation) keeps the same last day, and a
    version starting after that day gets a last day before its own start — the caller decides
    what to do with such a package; this function does not refuse it.

    A version starting before the first value of these parameters (before 2019-01-01) predates
    the limit: open-ended, no parameters.
    """
    try:
        applies_from = parameter("support_package_validity_applies_from", valid_from)
    except ParameterNotInForce:
        return None, ()
    if hired_on < applies_from.as_date():
        return None, (applies_from,)
    years = parameter("support_package_validity_years", valid_from)
    return add_years(hired_on, years.as_int()) - ONE_DAY, (applies_from, years)


def package_valid_until(*, hired_on: date, valid_from: date) -> date | None:
    """R6 context: the last day of a support package, ``None`` when open-ended.

    Source: "For hires since 1 January 2019 the package is valid at most 5 years from hiring."
    Hired 2019-01-01 → last day 2023-12-31; hired 2018-12-31 → ``None``. See
    :func:`package_validity` (which also returns the parameters used) for the details.
    """
    valid_until, _ = package_validity(hired_on=hired_on, valid_from=valid_from)
    return valid_until


def package_evaluation_due_on(*, valid_until: date) -> tuple[date, ParameterValue]:
    """R6 context: the day a package's end puts the employee on the evaluation-due list.

    Source: "For hires since 1 January 2019 the package is valid at most 5 years from hiring"
    and R6: "Tijdens de evaluatie van de doelgroepwerknemer op de werkvloer onderzoekt VDAB of
    er doorstroom naar het reguliere circuit mogelijk is en of het toegekende
    werkondersteuningspakket nog correct is."

    ``valid_until`` minus ``package_evaluation_lead_days`` (in force on ``valid_until``): last
    day 2028-12-31 → on the list from 2028-10-02. A choice of this system, not of the law.
    """
    lead = parameter("package_evaluation_lead_days", valid_until)
    return valid_until - timedelta(days=lead.as_int()), lead


def fallback_package(*, on: date) -> tuple[int, str, tuple[ParameterValue, ...]]:
    """R6/R12 context: the package while a new trajectory is awaited: (40, "low", parameters).

    Source (DOMAIN.md "Support package"): "If a trajectory fails for reasons beyond the
    employee, the package becomes "40% low" while a new trajectory is awaited."

    ``fallback_wage_premium_percent`` and ``fallback_guidance_level`` in force on ``on`` (the
    day of the outcome). Raises ``ValueError`` if the shipped level is not a guidance level.
    """
    percent = parameter("fallback_wage_premium_percent", on)
    level = parameter("fallback_guidance_level", on)
    if level.as_str() not in GUIDANCE_LEVELS:
        raise ValueError(
            f"fallback_guidance_level {level.as_str()!r} is not one of {', '.join(GUIDANCE_LEVELS)}"
        )
    return percent.as_int(), level.as_str(), (percent, level)
