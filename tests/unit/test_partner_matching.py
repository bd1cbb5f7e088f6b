"""Matching organisations to pathways: whole words, folded case and accents, weights,
explanations and a deterministic order."""

from hypothesis import given
from hypothesis import strategies as st

from app.domain import matching as m
from app.domain.matching import Organisation, PathwayTerms

HEALTH = PathwayTerms(1, "Health sciences", keywords=("nursing", "clinical", "hospital"),
                      sectors=("Health care",))
MAKING = PathwayTerms(2, "Advanced manufacturing", keywords=("machining", "welding"),
                      sectors=("Manufacturing",))
ARTS = PathwayTerms(3, "Arts", keywords=("art",))


def test_terms_are_trimmed_deduplicated_ignoring_case_and_accents():
    assert m.terms(" Nursing ,  clinical,,NURSING, Clínical ,  ") == ("Nursing", "clinical")
    assert m.normalise_terms("health   care ,Health Care") == "health care"
    assert m.terms("") == ()
    assert m.terms(None) == ()
    assert m.terms(", , ,") == ()


def test_sector_match_is_explained_with_tags():
    org = Organisation(10, "Mercy Hospital", sector="Hospital & health care",
                       tags=("Nursing", "Clinical research", "Parents"))
    [match] = m.match_organisation(org, [HEALTH, MAKING])
    assert match.pathway_name == "Health sciences"
    # sector term (5) + keyword "hospital" in the sector (3) + two tags matching (3 + 3)
    assert match.score == 5 + 3 + 3 + 3
    assert match.explanation == ("Sector \u2018Hospital & health care\u2019 matches Health "
                                 "sciences (Health care, hospital); tags: Nursing, "
                                 "Clinical research")


def test_words_match_whole_not_inside_other_words():
    org = Organisation(1, "Start Co", sector="Startups", notes="We host a party at the depart "
                       "lounge; smart cards", tags=("start",))
    assert m.match_organisation(org, [ARTS]) == []
    art = Organisation(2, "Gallery", notes="Local ART classes")
    [match] = m.match_organisation(art, [ARTS])
    assert match.note_terms == ("art",) and match.score == m.TERM_IN_NOTES


def test_case_accents_and_plurals_do_not_matter():
    pathway = PathwayTerms(1, "Educación", keywords=("educación", "nurse", "technology"))
    org = Organisation(1, "Escuela", notes="EDUCACION for NURSES and new technologies")
    [match] = m.match_organisation(org, [pathway])
    assert match.note_terms == ("educación", "nurse", "technology")
    assert match.score == 3 * m.TERM_IN_NOTES


def test_multi_word_terms_need_their_words_together():
    pathway = PathwayTerms(1, "Health", keywords=("health care",))
    apart = Organisation(1, "A", notes="health services and child care")
    together = Organisation(2, "B", notes="Health-care jobs")
    assert m.match_organisation(apart, [pathway]) == []
    assert m.match_organisation(together, [pathway])[0].note_terms == ("health care",)


def test_empty_keywords_or_a_pathway_matching_nothing_gives_no_matches():
    empty = PathwayTerms(4, "Empty")
    org = Organisation(1, "Acme", sector="Manufacturing", notes="welding")
    assert m.match_all([org], [empty]) == {4: []}
    space = PathwayTerms(5, "Space", keywords=("rocketry",))
    assert m.match_all([org], [space, MAKING])[5] == []
    assert m.match_all([], [MAKING]) == {2: []}
    assert m.match_all([org], []) == {}


def test_each_term_counts_once_per_kind_of_evidence():
    org = Organisation(1, "Welders", notes="welding, welding and more welding",
                       tags=("welding", "Welding shop"))
    [match] = m.match_organisation(org, [MAKING])
    assert match.score == m.TERM_IN_TAGS + m.TERM_IN_NOTES
    assert match.tags == ("welding", "Welding shop")


def test_ranking_is_by_score_then_name_then_id():
    orgs = [Organisation(3, "beta", notes="welding"), Organisation(1, "Alpha", notes="welding"),
            Organisation(2, "Alpha", notes="welding"),
            Organisation(4, "Zeta", sector="Manufacturing")]
    ranked = m.match_all(reversed(orgs), [MAKING])[2]
    assert [r.organisation_id for r in ranked] == [4, 1, 2, 3]


def test_best_per_organisation_picks_the_best_pathway_and_earlier_on_ties():
    org = Organisation(1, "Hospital Machining", notes="hospital machining",
                       sector="Manufacturing")
    both = m.match_all([org], [HEALTH, MAKING])
    [best] = m.best_per_organisation(both, [1, 2])
    assert best.pathway_id == 2  # sector match outweighs one keyword
    tie = Organisation(2, "Tie", notes="hospital welding")
    by = m.match_all([tie], [HEALTH, MAKING])
    assert m.best_per_organisation(by, [1, 2])[0].pathway_id == 1
    assert m.best_per_organisation(by, [2, 1])[0].pathway_id == 2


_word = st.text(alphabet="abcdeéíor", min_size=1, max_size=6)
_phrase = st.lists(_word, min_size=1, max_size=3).map(" ".join)


@given(
    keywords=st.lists(_phrase, max_size=4),
    sectors=st.lists(_phrase, max_size=2),
    extra=_phrase,
    sector=_phrase,
    notes=st.lists(_word, max_size=12).map(" ".join),
    tags=st.lists(_phrase, max_size=3),
)
def test_adding_a_keyword_never_lowers_a_score(keywords, sectors, extra, sector, notes, tags):
    org = Organisation(1, "Org", sector=sector, notes=notes, tags=tuple(tags))
    before = PathwayTerms(1, "P", m.terms(",".join(keywords)), m.terms(",".join(sectors)))
    after = PathwayTerms(1, "P", m.terms(",".join([*keywords, extra])), before.sectors)
    score = {p.pathway_id: p.score for p in m.match_organisation(org, [before])}.get(1, 0)
    later = {p.pathway_id: p.score for p in m.match_organisation(org, [after])}.get(1, 0)
    assert later >= score


@given(st.lists(st.tuples(st.integers(1, 50), _phrase), max_size=8))
def test_order_does_not_depend_on_input_order(rows):
    orgs = [Organisation(i, name, notes=name) for i, name in dict(rows).items()]
    pathway = PathwayTerms(1, "P", keywords=("a", "b", "ro"))
    forward = m.match_all(orgs, [pathway])[1]
    backward = m.match_all(list(reversed(orgs)), [pathway])[1]
    assert forward == backward


def test_a_term_listed_as_sector_and_keyword_is_named_once_but_counts_for_both():
    pathway = PathwayTerms(1, "Computing", keywords=("software",), sectors=("Software",))
    [match] = m.match_organisation(Organisation(1, "Code Co", sector="Software"), [pathway])
    assert match.sector_terms == ("Software",)
    assert match.score == m.SECTOR_IN_SECTOR + m.KEYWORD_IN_SECTOR
