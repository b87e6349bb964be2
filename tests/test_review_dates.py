"""Day-first dates, year-less dates and relative dates for the timeline."""

from __future__ import annotations

import datetime as dt

import pytest

from leder_assist.dates import find_dates, find_relative, find_years, with_year

D = dt.date


@pytest.mark.parametrize(("text", "date", "precision", "flags"), [
    ("seen on 03/04/2022 at home", D(2022, 4, 3), "day", []),  # day first: 3 April
    ("seen on 3.4.22", D(2022, 4, 3), "day", []),
    ("on 3rd April 2022", D(2022, 4, 3), "day", []),
    ("admitted Apr 22", D(2022, 4, 1), "month", []),
    ("moved in April 2022", D(2022, 4, 1), "month", []),
    ("moved in March 2012, when", D(2012, 3, 1), "month", []),
    ("15-Mar-2024 09:02 Dr", D(2024, 3, 15), "day", []),
    ("dated 31/02/2023", None, "day", ["impossible"]),
    ("dated 05/13/2022", None, "day", ["impossible", "looks_month_first"]),  # never swapped
])
def test_day_first_dates(text: str, date: dt.date | None, precision: str, flags: list[str]) -> None:
    found = find_dates(text)
    assert len(found) == 1
    assert (found[0].date, found[0].precision, found[0].flags) == (date, precision, flags)


@pytest.mark.parametrize(("text", "anchor", "expected", "anchor_kind"), [
    ("Two days later he died", D(2024, 3, 8), D(2024, 3, 10), "entry"),
    ("reviewed the next day", D(2024, 3, 8), D(2024, 3, 9), "entry"),
    ("she visited yesterday", D(2024, 3, 8), D(2024, 3, 7), "entry"),
    ("seizure 3 days ago", D(2024, 3, 8), D(2024, 3, 5), "entry"),
    ("no decision today", D(2024, 2, 5), D(2024, 2, 5), "entry"),
    ("seen by the LD nurse on admission", D(2024, 1, 5), D(2024, 1, 5), "admission"),
    # review heldout26: the last such day before the entry's (a week back when the entry is on that day)
    ("she said last Tuesday she felt sick", D(2024, 3, 8), D(2024, 3, 5), "entry"),
    ("went out last Friday", D(2024, 3, 8), D(2024, 3, 1), "entry"),
])
def test_relative_dates_are_anchored(text: str, anchor: dt.date, expected: dt.date, anchor_kind: str) -> None:
    (rel,) = find_relative(text)
    assert rel.anchor == anchor_kind
    assert rel.resolve(anchor) == expected
    assert rel.resolve(None) is None


def test_since_last_monday_is_how_long_not_when() -> None:
    assert find_relative("no BO charted since last Monday") == []


@pytest.mark.parametrize(("text", "anchor", "expected"), [
    ("09/03: SALT review", D(2024, 3, 14), D(2024, 3, 9)),
    ("off his legs since 14/02", D(2024, 2, 20), D(2024, 2, 14)),
    ("on 28/12 she fell", D(2024, 1, 25), D(2023, 12, 28)),  # the year before the anchor
])
def test_year_less_dates_take_the_year_of_the_document(text: str, anchor: dt.date, expected: dt.date) -> None:
    (m,) = [d for d in find_dates(text, with_partial=True) if "no_year" in d.flags]
    assert with_year(m, anchor) == expected


@pytest.mark.parametrize("text", ["cough 4/7, more sleepy", "antibiotics for 5/7"])
def test_clinical_durations_are_not_dates(text: str) -> None:
    assert find_dates(text, with_partial=True) == []


def test_years_with_a_cue() -> None:
    assert [(d.text, d.precision) for d in find_years("resident since 1999; diagnosed 2011; ward 2011x")] == \
        [("1999", "year"), ("2011", "year")]


@pytest.mark.parametrize(("text", "rule", "days", "anchor", "referent"), [
    ("ReSPECT form completed three days after the meeting", "after", 3, "entry", "meeting"),
    ("died two days after admission", "after_admission", 2, "admission", ""),
    ("came back a week after our first meeting", "after", 7, "entry", "meeting"),
])
def test_days_after(text: str, rule: str, days: int, anchor: str, referent: str) -> None:
    found = find_relative(text)
    assert [(r.rule, r.days, r.anchor, r.referent) for r in found] == [(rule, days, anchor, referent)]


def test_hours_after_a_day_and_month_are_not_a_year() -> None:
    found = find_dates("Tues 5th March, 07:20 - very drowsy", with_partial=True)
    assert [(d.text, d.date, d.flags) for d in found] == [("5th March", None, ["no_year"])]
    assert find_dates("Tues 5th March 24 - very drowsy")[0].date == D(2024, 3, 5)


@pytest.mark.parametrize(("text", "anchor", "date"), [
    ("I rang the surgery on the 4th.", D(2024, 3, 14), D(2024, 3, 4)),
    ("He was seen on the 28th.", D(2024, 3, 14), D(2024, 2, 28)),  # after the entry's day: the month before
    ("It happened on the 3rd of May 1986.", D(2024, 3, 14), None),  # a full date, not a day alone
    ("She lived on the 2nd floor.", D(2024, 3, 14), None),
    ("It was the 4th time this week.", D(2024, 3, 14), None),
])
def test_a_day_of_the_month_alone_takes_the_month_of_the_entry(text: str, anchor: dt.date, date: dt.date | None) -> None:
    from leder_assist.dates import find_day_only, with_month
    found = find_day_only(text)
    assert (with_month(found[0], anchor) if found else None) == date


@pytest.mark.parametrize(("text", "year"), [
    (" - Type 2 diabetes mellitus (2015)", 2015), ("  [2001]  Autism - diagnosed at Child Development Centre", 2001),
    # review heldout20: a season's year, and the first year of a range heading a record's line
    ("She started volunteering in the cafe in the spring of 2005.", 2005), ("Moved in summer 2019.", 2019),
    ("1961-1992   Resident at Calderwood Hospital (long-stay learning disability hospital)", 1961),
    # review heldout14: a year in a table row's first cell
    ("| 2012        | Dr J. Trewin        | Diagnosis       | Type 2 diabetes. Metformin.   |", 2012),
])
def test_years_in_brackets_on_a_problem_list(text: str, year: int) -> None:
    assert [m.date.year for m in find_years(text)] == [year]


@pytest.mark.parametrize(("text", "found"), [
    ("  03/2005      Infantile spasms (West syndrome), onset aged 7 months", [("03/2005", D(2005, 3, 1), "month")]),
    ("  11/1998  Hypothyroidism", [("11/1998", D(1998, 11, 1), "month")]),
    ("seen 14/03/2005 in clinic", []),  # part of a full date: find_dates reads it
    ("13/2005 is no month", []),
    ("| 09/2020 | Social worker | Direct payment agreed |", [("09/2020", D(2020, 9, 1), "month")]),
    # review heldout24: a problem list's test and its month in brackets, and a year the problem was coded
    ("- Heart failure with reduced ejection fraction (echo 03/2021, EF 30%)", [("03/2021", D(2021, 3, 1), "month")]),
    ("- Learning disability, mild (coded 2009; on LD register)", [("2009", D(2009, 1, 1), "year")]),
    ("AHC due 01/2021", []),  # a plan in running text
])
def test_a_month_and_year_in_figures_on_a_problem_list(text: str, found: list[tuple[str, dt.date, str]]) -> None:
    assert [(m.text, m.date, m.precision) for m in find_years(text)] == found
