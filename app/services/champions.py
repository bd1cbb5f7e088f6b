"""Champion finder use cases: the ranking, a page of suggestions, a stakeholder's panel,
weights, the champion questions and "not a fit".

The work behind them lives in three modules, re-exported here so callers keep importing
from this one: app.services.champion_pool (the candidate pool read as plain columns,
its data token, patching it after a few audited edits), app.services.champion_ranking
(the ranking per weights and day, kept per process and patched with the pool) and
app.services.champion_audience (audiences and their reach over relationships).
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain import champions as domain
from app.models import ChampionProfile, NetworkJob, Stakeholder
from app.services import clock, district_settings, network
from app.services.champion_audience import (
    AUDIENCE_TTL,
    Audience,
    audience_for,
    audience_reach,
)
from app.services.champion_pool import (
    FREEZE_FROM,
    NOT_A_GROUP_TO_MISS,
    PATCH_LOOKBACK,
    PATCH_MAX_EVENTS,
    QUESTION_KEYS,
    RANKING_RECORDS,
    Pool,
    _is_plausible,
    data_token,
    missing_groups,
    single_candidate,
)
from app.services.champion_ranking import (
    AUDIENCES_KEPT,
    DISTRICTS_KEPT,
    Ranking,
    _lock,
    _rank,
    cached_ranking,
    clear_cache,
)

__all__ = [
    "AUDIENCES_KEPT", "AUDIENCE_TTL", "COMPONENT_HELP", "DISTRICTS_KEPT", "FREEZE_FROM",
    "NOT_A_GROUP_TO_MISS", "PATCH_LOOKBACK", "PATCH_MAX_EVENTS", "POOL_RULE", "QUESTION_KEYS",
    "RANKING_RECORDS", "SHORT_LABELS", "WEIGHTS_KEY", "Audience", "ChampionFilter",
    "PanelView", "Pool", "Ranking", "Results", "Row", "audience_for", "audience_reach",
    "clear_cache", "current_ranking", "current_weights", "data_token", "mark_not_a_fit",
    "missing_groups", "network_status", "panel_view", "parse_filter", "profile_of",
    "reset_weights", "restore", "row_for", "save_answers", "save_weights", "single_candidate",
    "suggestions",
]

WEIGHTS_KEY = "champion_weights"
POOL_RULE = ("supportive or leading (PMBOK engagement level), influence 4 or 5, or a "
             "\u201cyes\u201d to any champion question")
ChampionFilter = domain.ChampionFilter
parse_filter = domain.parse_champion_filter
SHORT_LABELS = domain.COMPONENT_SHORT_LABELS
COMPONENT_HELP = domain.COMPONENT_HELP


def current_ranking(session: Session, district_id: int,
                    weights: domain.Weights | None = None) -> Ranking:
    """The district's ranking for its saved weights (or a preview for `weights`).

    From this process's cache when nothing changed; after a few audited edits the cached
    pool and ranking are patched for the stakeholders concerned; otherwise rebuilt.
    """
    token = data_token(session, district_id)
    saved = current_weights(session)
    today = clock.today(session)
    ranking = cached_ranking(session, district_id, token, saved, today)
    if weights is not None and weights != saved:
        return _rank(ranking.pool, weights, today)  # a preview is not kept
    return ranking


# ---------------------------------------------------------------- a page of suggestions


@dataclass(frozen=True)
class Row:
    """One suggestion as shown: rank in the whole ranking, seated, figures."""

    rank: int
    suggestion: domain.Suggestion
    seated: bool
    figures: dict[str, str]


@dataclass(frozen=True)
class Results:
    ranking: Ranking
    audience: Audience | None
    total: int
    rows: list[Row]


def suggestions(session: Session, district_id: int, f: ChampionFilter, offset: int,
                limit: int) -> Results:
    """One page of ranked suggestions for a filter, each explained."""
    ranking = current_ranking(session, district_id)
    audience = audience_for(session, f)
    reach = audience_reach(session, ranking, audience) if audience else None
    seated = ranking.pool.seated
    matches = _matches(ranking, f, audience, reach)
    rows = []
    for i in matches[offset:offset + limit]:
        c = ranking.order[i][1]
        if reach is not None:
            c = replace(c, audience_reach=audience.reach_text(*reach[c.id]))
        rows.append(Row(i + 1, ranking.explain(c), c.id in seated,
                        domain.component_figures(c, ranking.pool.missing_groups,
                                                 ranking.today)))
    return Results(ranking, audience, len(matches), rows)


def _matches(ranking: Ranking, f: ChampionFilter, audience: Audience | None,
             reach: dict | None) -> range | list[int]:
    """Positions (0-based) in the ranking that a filter keeps; cached per ranking, so
    "show more" and repeated requests don't scan the ranking again."""
    if f.is_empty:
        return range(len(ranking.order))
    key = (f.kind, f.exclude_seated, audience)
    cached = ranking.matches.get(key)
    if cached is not None and cached[0] is reach:
        return cached[1]
    ids = ranking.ids
    keep: range | list[int] = range(len(ids))
    if f.kind:
        kinds = ranking.kinds
        keep = [i for i in keep if kinds[i] == f.kind]
    if f.exclude_seated:
        seated = ranking.pool.seated
        keep = [i for i in keep if ids[i] not in seated]
    if reach is not None:
        keep = [i for i in keep if ids[i] in reach]
    keep = list(keep)
    with _lock:
        ranking.matches[key] = (reach, keep)
        while len(ranking.matches) > AUDIENCES_KEPT:
            ranking.matches.popitem(last=False)
    return keep


def row_for(session: Session, district_id: int, stakeholder_id: int) -> Row | None:
    """One ranked suggestion as a row (e.g. to re-show it with a form error)."""
    ranking = current_ranking(session, district_id)
    position = ranking.position(stakeholder_id)
    if position is None:
        return None
    c = ranking.order[position - 1][1]
    return Row(position, ranking.explain(c), c.id in ranking.pool.seated,
               domain.component_figures(c, ranking.pool.missing_groups, ranking.today))


@dataclass(frozen=True)
class PanelView:
    """A stakeholder's place in the champion finder, for their profile."""

    suggestion: domain.Suggestion
    figures: dict[str, str]
    status: str  # ranked | not_a_fit | outside_pool | no_score
    rank: int | None
    would_rank: int
    total: int
    seated: bool
    missing_groups: tuple[str, ...]


def panel_view(session: Session, district_id: int, stakeholder_id: int) -> PanelView:
    """Score, rank (or why not ranked) and reasons of one stakeholder."""
    ranking = current_ranking(session, district_id)
    position = ranking.position(stakeholder_id)
    if position is not None:
        c, seated = ranking.order[position - 1][1], stakeholder_id in ranking.pool.seated
        status = "ranked"
    else:
        c, seated = single_candidate(session, stakeholder_id)
        if stakeholder_id in ranking.pool.not_a_fit:
            status = "not_a_fit"
        elif not _is_plausible(c):
            status = "outside_pool"
        else:
            status = "no_score"
    suggestion = ranking.explain(c)
    return PanelView(suggestion, domain.component_figures(c, ranking.pool.missing_groups,
                                                          ranking.today),
                     status, position, ranking.would_rank(suggestion.score), len(ranking.order),
                     seated, ranking.pool.missing_groups)


def network_status(session: Session) -> tuple[NetworkJob | None, NetworkJob | None]:
    """The last finished network computation and any queued or running one."""
    return network.latest_result(session), network.pending_job(session)


# ---------------------------------------------------------------- weights


def current_weights(session: Session) -> domain.Weights:
    """The district's champion weights (defaults when none are saved)."""
    return domain.Weights.from_mapping(district_settings.read(session, WEIGHTS_KEY))


def save_weights(session: Session, weights: domain.Weights) -> None:
    """Store the district's weights (audited as a DistrictSetting change)."""
    district_settings.save(session, WEIGHTS_KEY, weights.as_dict())


def reset_weights(session: Session) -> None:
    """Go back to the default weights (the stored setting is deleted, audited)."""
    district_settings.reset(session, WEIGHTS_KEY)


def profile_of(session: Session, stakeholder_id: int) -> ChampionProfile | None:
    return session.scalar(sa.select(ChampionProfile)
                          .where(ChampionProfile.stakeholder_id == stakeholder_id))


def _profile(session: Session, stakeholder: Stakeholder) -> ChampionProfile:
    profile = profile_of(session, stakeholder.id)
    if profile is None:
        profile = ChampionProfile(stakeholder_id=stakeholder.id, not_a_fit=False,
                                  not_a_fit_reason="")
        session.add(profile)
    return profile


def save_answers(session: Session, stakeholder: Stakeholder,
                 answers: Mapping[str, bool | None], by_user_id: int | None) -> ChampionProfile:
    """Record the champion questions (True yes, False no, None not asked)."""
    profile = _profile(session, stakeholder)
    for key in QUESTION_KEYS:
        setattr(profile, key, answers.get(key))
    profile.updated_by_id = by_user_id
    return profile


def mark_not_a_fit(session: Session, stakeholder: Stakeholder, reason: str,
                   by_user_id: int | None) -> ChampionProfile:
    """Take a stakeholder out of the suggestions, remembering why."""
    profile = _profile(session, stakeholder)
    profile.not_a_fit = True
    profile.not_a_fit_reason = reason.strip()[:300]
    profile.updated_by_id = by_user_id
    return profile


def restore(session: Session, stakeholder: Stakeholder, by_user_id: int | None) -> None:
    """Bring a "not a fit" stakeholder back into the suggestions (the reason stays in
    the audit log)."""
    profile = profile_of(session, stakeholder.id)
    if profile is not None and profile.not_a_fit:
        profile.not_a_fit = False
        profile.not_a_fit_reason = ""
        profile.updated_by_id = by_user_id
