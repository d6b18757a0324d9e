"""Validators for what editors type into contact details: Vietnamese phone numbers and emails."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext_lazy as _

# Separators people write inside numbers: "0209 3870 123", "0912.345.678", "(0209) 387-0123".
_SEPARATORS = re.compile(r"[\s.\-()]")
# A Vietnamese number after removing separators and turning "+84"/"84" into "0":
# landlines (0 + area code + number, 10-11 digits), mobiles (10 digits), toll-free and premium
# lines (1800/1900 + 4 or 6 digits) and short public service numbers (111, 113-115, 1022, ...).
_VIETNAMESE_NUMBER = re.compile(r"^(?:0[1-9]\d{8,9}|1[89]00\d{4}|1[89]00\d{6}|1\d{2,3})$")


def phone_digits(value):
    """The dialable form of a number as people write it: "+84 912.345.678" -> "+84912345678"."""
    value = _SEPARATORS.sub("", value or "")
    return value


def national_number(value):
    """The number as dialled inside Vietnam: "+84 912.345.678" and "0912 345 678" -> "0912345678".
    The one comparable form of a phone number (validation, Zalo links, feedback tracking)."""
    digits = phone_digits(value)
    if digits.startswith("+84"):
        return "0" + digits[3:]
    return digits


def validate_phone(value):
    """Accept Vietnamese numbers as written on government portals; refuse anything else."""
    number = national_number(value)
    if not number or not number.isdigit() or not _VIETNAMESE_NUMBER.match(number):
        raise ValidationError(
            _(
                "“%(value)s” is not a Vietnamese phone number. Write a landline or mobile number "
                "(e.g. 0209 3870 123, 0912 345 678, +84 912 345 678), a hotline (1900 xxxx, 1800 xxxx) "
                "or a short public service number (e.g. 1022)."
            ),
            code="invalid_phone",
            params={"value": value},
        )


_email = EmailValidator(message=_("Enter a valid email address, e.g. vanphong@sonoivu.gov.vn."))
_url = URLValidator(schemes=["http", "https"], message=_("Enter a full web address starting with https://."))


def validate_email(value):
    _email(value)
    if not value.isascii():
        raise ValidationError(_("Enter the email address without accents or other special letters."), code="invalid")


def validate_url(value):
    _url(value)
