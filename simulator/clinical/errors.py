"""Errors raised for clinical input that makes no sense (negative doses, unknown drugs...)."""

from __future__ import annotations

import math


class ClinicalInputError(ValueError):
    """Input a clinician would recognise as impossible or unsupported.

    The message is written for the clinician, e.g. "buprenorphine has no CDC MME factor ...".
    """


def require_number(
    value: object,
    what: str,
    *,
    minimum: float = 0.0,
    allow_zero: bool = False,
    maximum: float | None = None,
) -> float:
    """Return ``value`` as a float, or raise ``ClinicalInputError`` naming ``what``.

    Refuses booleans, non-numbers, NaN and infinity, values below ``minimum``, zero unless
    ``allow_zero``, and values above ``maximum``.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ClinicalInputError(f"{what} must be a number, not {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ClinicalInputError(f"{what} must be a finite number, not {value!r}")
    if number < minimum or (number == 0 and not allow_zero):
        floor = "zero or more" if allow_zero else "more than zero"
        if minimum > 0:
            floor = f"at least {minimum:g}"
        raise ClinicalInputError(f"{what} must be {floor}, not {value:g}")
    if maximum is not None and number > maximum:
        raise ClinicalInputError(f"{what} must be at most {maximum:g}, not {value:g}")
    return number
