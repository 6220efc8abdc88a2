"""The review's arithmetic, without Qt: day totals, the commitment rate, groups, closes, trend."""

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from companion.core.call import Call, NextStep
from companion.core.review import (
    DONE,
    OVERDUE,
    TODAY,
    UNDATED,
    UPCOMING,
    DaySummary,
    day_bounds_utc,
    describe_due,
    format_rate,
    is_defined_commitment,
    rate_verdict,
    step_group,
    summarize,
    technique_report,
)

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=timezone.utc)
DUE = NOW + timedelta(days=2)


def dated(action="Demo with the finance team", due=DUE, customer="Brings the CFO"):
    return NextStep(action, "both", customer, due)


# -- the day summary ------------------------------------------------------------------------
def test_summary_counts_calls_connects_and_commitments():
    rows = [
        ("advance", dated()),                       # committed
        ("order", dated()),                         # committed
        ("advance", dated(due=None)),               # no date: not a commitment
        ("continuation", dated()),                  # continuation never is
        ("no_sale", None),
        ("no_connect", None),                       # not a connect
        ("no_connect", None),
    ]
    summary = summarize(rows)
    assert summary == DaySummary(calls=7, connects=5, committed=2)
    assert summary.without_commitment == 3
    assert summary.commitment_rate == pytest.approx(2 / 5)


def test_commitment_rate_is_over_connects_not_dials():
    summary = summarize([("advance", dated())] + [("no_connect", None)] * 9)
    assert summary.commitment_rate == 1.0


def test_rate_is_none_without_connects_and_shown_as_a_dash():
    summary = summarize([("no_connect", None)] * 3)
    assert summary.commitment_rate is None
    assert format_rate(summary.commitment_rate) == "–"
    assert rate_verdict(None) == "No connected calls yet."


def test_rate_compared_with_the_industry_figure():
    assert rate_verdict(0.5).startswith("Above the ~37%")
    assert rate_verdict(0.2).startswith("Below the ~37%")
    assert format_rate(0.374) == "37%"


def test_commitment_rule_matches_the_call_model():
    for outcome in ("order", "advance", "continuation", "no_sale", "no_connect"):
        for step in (None, dated(), dated(due=None), dated(action="  ")):
            call = Call(contact="Ann", outcome=outcome, next_step=step)
            assert is_defined_commitment(outcome, step) == call.ended_with_commitment


# -- local days ------------------------------------------------------------------------------
def test_day_bounds_follow_the_local_zone_across_a_dst_change():
    berlin = ZoneInfo("Europe/Berlin")
    start, end = day_bounds_utc(date(2026, 3, 29), berlin)      # clocks go forward
    assert start == datetime(2026, 3, 28, 23, 0, tzinfo=timezone.utc)
    assert end == datetime(2026, 3, 29, 22, 0, tzinfo=timezone.utc)
    assert end - start == timedelta(hours=23)


# -- commitment groups ---------------------------------------------------------------------------
@pytest.mark.parametrize("step, group", [
    (NextStep("a", due=NOW - timedelta(minutes=1)), OVERDUE),
    (NextStep("a", due=NOW + timedelta(hours=2)), TODAY),
    (NextStep("a", due=NOW + timedelta(days=1)), UPCOMING),
    (NextStep("a", due=None), UNDATED),
    (NextStep("a", due=NOW - timedelta(days=3), status="done"), DONE),
    (NextStep("a", due=None, status="cancelled"), DONE),
])
def test_step_groups(step, group):
    end_of_today = NOW.replace(hour=23, minute=59)
    assert step_group(step, NOW, end_of_today) == group


def test_due_descriptions_are_relative_to_today():
    tz = timezone.utc
    assert describe_due(NOW.replace(hour=9), NOW, tz) == "Today 09:00"
    assert describe_due(NOW + timedelta(days=1), NOW, tz) == "Tomorrow 15:00"
    assert describe_due(NOW - timedelta(days=1), NOW, tz) == "Yesterday 15:00"
    assert describe_due(NOW + timedelta(days=5), NOW, tz) == "Sun 15 Mar 15:00"
    assert describe_due(None, NOW, tz) == "No date"


# -- techniques ------------------------------------------------------------------------------------
KNOWN = {"alternative": "Alternative close", "summary": "Summary close", "trial": "Trial close",
         "direct": "Direct close", "ben_franklin": "Ben Franklin close", "urgency": "Urgency close"}


def counts(**per_close):
    result = {}
    for close_id, (accepted, deferred, declined) in per_close.items():
        for name, n in (("accepted", accepted), ("deferred", deferred), ("declined", declined)):
            if n:
                result[(close_id, name)] = n
    return result


def test_technique_counts_per_result():
    report = technique_report(counts(alternative=(6, 2, 2)), KNOWN)
    stat = report.stat("alternative")
    assert (stat.tried, stat.accepted, stat.deferred, stat.declined) == (10, 6, 2, 2)
    assert stat.acceptance_rate == pytest.approx(0.6)


def test_your_three_closes_need_enough_tries_and_rank_by_sure_acceptance():
    report = technique_report(counts(
        alternative=(30, 10, 10),      # 60% over 50 tries
        summary=(8, 1, 1),             # 80% over 10
        trial=(12, 8, 10),             # 40% over 30
        direct=(2, 0, 0),              # 100%, but only 2 tries: not rankable
        urgency=(1, 2, 12),            # tried, rarely works
    ), KNOWN)
    # 8 of 10 is surely better than 60%; 60% over 50 tries surely beats 40% over 30.
    assert report.best == ("summary", "alternative", "trial")
    assert [s.close_id for s in report.stats[:3]] == list(report.best)


def test_a_lucky_single_yes_does_not_beat_a_steady_record():
    report = technique_report(counts(summary=(3, 0, 0), alternative=(40, 5, 15)), KNOWN)
    assert report.best[0] == "alternative"


def test_never_tried_lists_known_closes_without_attempts():
    report = technique_report(counts(alternative=(1, 0, 0)), KNOWN)
    assert "ben_franklin" in report.never_tried
    assert "alternative" not in report.never_tried
    assert report.stats[-1].tried == 0


def test_unknown_closes_are_counted_with_a_readable_name():
    report = technique_report(counts(my_own_close=(1, 1, 0)), KNOWN)
    assert report.stat("my_own_close").name == "My own close"
    assert report.best == ()
