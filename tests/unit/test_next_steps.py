"""Next step suggestions: each rule, their precedence, and one explained step for anyone."""

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from app.domain.next_steps import FOCUS_GROUP_AT, KINDS, NextStep, Profile, suggest
from app.domain.vocab import ENGAGEMENT_LEVELS, GROUPS

QUADRANTS = ("key_players", "keep_satisfied", "keep_informed", "monitor")
LEVELS = [v for v, _ in ENGAGEMENT_LEVELS]

# A contented stakeholder: no rule but the last one applies.
CALM = Profile(kind="person", group="community", quadrant="keep_informed",
               engagement_current="supportive", engagement_desired="supportive",
               engagement_gap=0, days_since_contact=10, cadence_days=45, overdue=False)


def _kind(**changes) -> str:
    return suggest(replace(CALM, **changes)).kind


def test_resistant_parent_key_player_gets_a_principal_chat_with_the_figures():
    step = suggest(replace(CALM, group="parent", quadrant="key_players",
                           engagement_current="resistant", engagement_gap=2,
                           days_since_contact=64, cadence_days=30, overdue=True))
    assert step.kind == "principal_chat"
    assert "principal" in step.action
    assert step.reason == "Resistant parent, key player, no contact for 64 days (cadence 30)"


def test_neutral_parent_is_invited_to_a_classroom_visit():
    step = suggest(replace(CALM, group="parent", engagement_current="neutral",
                           engagement_gap=1))
    assert step.kind == "classroom_visit"
    assert "classroom visit" in step.action
    assert step.reason.startswith("Neutral parent, keep informed, last contact 10 days ago")


def test_do_not_contact_wins_over_everything():
    step = suggest(replace(CALM, group="parent", engagement_current="resistant",
                           quadrant="key_players", engagement_gap=3, overdue=True,
                           group_open_concerns=10, contact_permitted=False))
    assert step.kind == "work_through_others"
    assert "No direct outreach" in step.action
    assert "contact not permitted" in step.reason


def test_a_group_with_many_open_concerns_gets_a_focus_group():
    assert _kind(group_open_concerns=FOCUS_GROUP_AT - 1) == "keep_in_touch"
    step = suggest(replace(CALM, group="community", group_open_concerns=FOCUS_GROUP_AT,
                           open_concerns=1))
    assert step.kind == "focus_group"
    assert "focus group of community organisation stakeholders" in step.action
    assert "3 open concerns in their group (1 raised with them)" in step.reason


def test_sceptical_parent_comes_before_the_focus_group():
    assert _kind(group="parent", engagement_current="neutral", group_open_concerns=9) == \
        "classroom_visit"
    assert _kind(group="parent", engagement_current="supportive", group_open_concerns=9) == \
        "focus_group"


def test_higher_education_partner_speaks_on_transcripts_and_admissions():
    step = suggest(replace(CALM, group="higher_ed", kind="organisation"))
    assert step.kind == "speak_on_transcripts"
    assert "transcripts and admissions" in step.action
    assert step.reason.startswith("Supportive higher-education partner")
    assert _kind(group="higher_ed", engagement_current="resistant") != "speak_on_transcripts"


def test_business_without_an_active_partnership_is_invited_to_the_advisory_board():
    step = suggest(replace(CALM, group="business", kind="organisation"))
    assert step.kind == "advisory_board"
    assert "no active partnership" in step.reason
    assert _kind(group="business", active_partnership=True) == "keep_in_touch"
    assert _kind(group="business", engagement_current="resistant") == "keep_in_touch"


def test_leading_supporters_are_asked_to_champion():
    step = suggest(replace(CALM, engagement_current="leading", engagement_desired="leading"))
    assert step.kind == "champion"
    assert "champion" in step.action


def test_key_player_with_a_gap_gets_a_one_to_one_meeting():
    step = suggest(replace(CALM, quadrant="key_players", engagement_current="neutral",
                           engagement_gap=2))
    assert step.kind == "one_to_one"
    assert "gap of 2 steps to supportive" in step.reason
    assert _kind(quadrant="key_players", engagement_gap=0) == "keep_in_touch"


def test_overdue_by_cadence_means_reconnect():
    step = suggest(replace(CALM, overdue=True, days_since_contact=50))
    assert step.kind == "reconnect"
    assert "no contact for 50 days (cadence 45)" in step.reason
    never = suggest(replace(CALM, overdue=True, days_since_contact=None))
    assert "never contacted" in never.reason


def test_key_player_gap_comes_before_reconnect():
    assert _kind(quadrant="key_players", engagement_current="neutral", engagement_gap=1,
                 overdue=True) == "one_to_one"


def test_unaware_with_a_gap_is_introduced_to_the_vision():
    assert _kind(engagement_current="unaware", engagement_gap=3) == "introduce"


def test_other_gaps_get_a_briefing_or_an_update():
    satisfied = suggest(replace(CALM, quadrant="keep_satisfied",
                                engagement_current="neutral", engagement_gap=1))
    assert satisfied.kind == "brief" and "Brief them personally" in satisfied.action
    informed = suggest(replace(CALM, engagement_current="neutral", engagement_gap=1))
    assert informed.kind == "brief" and "community meeting" in informed.action


def test_no_gap_and_not_overdue_keeps_the_cadence():
    assert suggest(CALM) == NextStep(
        "Keep in touch at the usual cadence.",
        "Supportive community organisation, keep informed, no engagement gap, "
        "last contact 10 days ago (cadence 45)", "keep_in_touch")


def test_singular_days_and_today_read_right():
    assert "last contact today" in suggest(replace(CALM, days_since_contact=0)).reason
    assert "no contact for 1 day " in suggest(replace(CALM, overdue=True,
                                                      days_since_contact=1)).reason


profiles = st.builds(
    Profile,
    kind=st.sampled_from(["person", "organisation"]),
    group=st.sampled_from([g for g, _ in GROUPS] + ["unknown-group"]),
    quadrant=st.sampled_from([*QUADRANTS, "unknown"]),
    engagement_current=st.sampled_from([*LEVELS, None]),
    engagement_desired=st.sampled_from([*LEVELS, None]),
    engagement_gap=st.one_of(st.none(), st.integers(-4, 4)),
    days_since_contact=st.one_of(st.none(), st.integers(0, 5000)),
    cadence_days=st.one_of(st.none(), st.integers(1, 365)),
    overdue=st.booleans(),
    open_concerns=st.integers(0, 50),
    group_open_concerns=st.integers(0, 500),
    contact_permitted=st.booleans(),
    active_partnership=st.booleans(),
)


@given(profiles)
def test_every_profile_gets_exactly_one_explained_suggestion(profile):
    step = suggest(profile)
    assert isinstance(step, NextStep)
    assert step.kind in KINDS
    assert step.action.strip() and step.reason.strip()
    assert "None" not in step.reason and "None" not in step.action
    if not profile.contact_permitted:
        assert step.kind == "work_through_others"
