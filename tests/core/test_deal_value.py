import pytest

from companion.core.deal_value import parse_deal_value


@pytest.mark.parametrize("text, value", [
    ("25000", 25000), ("25,000", 25000), ("25k", 25000), ("1.2m", 1_200_000),
    ("€40k", 40000), ("$ 12 500", 12500), ("  ", None), ("40K EUR", 40000),
])
def test_amounts_as_reps_type_them(text, value):
    assert parse_deal_value(text) == value


@pytest.mark.parametrize("text", ["abc", "12-3", "k", "1.2.3"])
def test_non_amounts_are_refused(text):
    with pytest.raises(ValueError):
        parse_deal_value(text)
