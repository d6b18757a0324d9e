"""English on a Vietnamese site keeps day-first dates, so both languages read 15/04/2017 alike."""

from ..vi.formats import *  # noqa: F401,F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
