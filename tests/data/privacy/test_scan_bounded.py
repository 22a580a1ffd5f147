"""The personal-data scan is linear in its text and finds what the full patterns find.

The fast e-mail check (:func:`cxtools.data.privacy._has_email`, found from the "@") must agree with
``EMAIL_RE.search`` on every text; hypothesis draws texts from the characters that matter.
How long a scan of a 5 MB field takes is measured in ``benchmarks/privacy_scan.py``.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cxtools.data import privacy

ADDRESS_CHARS = st.sampled_from(list("ab9_.-+%@ xé") + ["мир", ".ru", ".png", "@ex.com", "\n"])


@settings(max_examples=400, deadline=None)
@given(st.lists(ADDRESS_CHARS, max_size=40).map("".join))
def test_fast_email_check_agrees_with_the_full_pattern(text):
    assert privacy._has_email(text) == bool(privacy.EMAIL_RE.search(text))


def test_long_fields_are_scanned_without_finding_what_is_not_there():
    for text in ("x" * 200_000, "a." * 100_000, ("x" * 50 + "@") * 4_000, "1" * 200_000, "ivan@" + "b" * 200_000):
        assert privacy.scan_for_personal_data(text) == []


def test_an_address_or_phone_at_the_end_of_a_long_field_is_found():
    assert privacy.scan_for_personal_data("x" * 200_000 + " ivan.petrov@example.com") == ["e-mail address"]
    assert privacy.scan_for_personal_data("x " * 100_000 + "+7 912 345-67-89") == ["phone number"]
