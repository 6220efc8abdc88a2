import pytest

from companion.core.deal_value import format_deal_value, parse_deal_value


@pytest.mark.parametrize("text, value", [
    ("25000", 25000), ("25,000", 25000), ("25k", 25000), ("1.2m", 1_200_000),
    ("€40k", 40000), ("$ 12 500", 12500), ("  ", None), ("40K EUR", 40000),
    ("1234.5", 1234.5), ("1,250,000", 1_250_000),
])
def test_amounts_as_reps_type_them(text, value):
    assert parse_deal_value(text) == value


@pytest.mark.parametrize("text", ["abc", "12-3", "k", "1.2.3", "-5000", "25.000", "1,5k", "12,34"])
def test_unclear_amounts_are_refused_not_guessed(text):
    with pytest.raises(ValueError):
        parse_deal_value(text)


@pytest.mark.parametrize("value", [1234.5, 25000.0, 0.0, 1_200_000.0, 99.99])
def test_formatted_values_read_back_the_same(value):
    assert parse_deal_value(format_deal_value(value)) == value
