"""Layout of the Mendelow grid: cells, dot packing inside a cell, and when to show counts."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import grid_layout as grid
from app.domain.vocab import GROUPS


def inside(r, positions, size=grid.CELL):
    return all(r <= x <= size - r and r <= y <= size - r for x, y in positions)


@pytest.mark.parametrize("count", [1, 2, 10, 500])
def test_dots_stay_inside_their_cell(count):
    r, positions = grid.pack(count)
    assert len(positions) == count
    assert r > 0
    assert inside(r, positions)


def test_a_single_dot_sits_in_the_middle_of_its_cell():
    assert grid.pack(1) == (grid.MAX_DOT_RADIUS, [(grid.CELL / 2, grid.CELL / 2)])


def test_an_empty_cell_has_no_dots():
    assert grid.pack(0) == (0.0, [])
    assert grid.place([]) == []


def test_dots_shrink_as_a_cell_fills():
    radii = [grid.dot_radius(n) for n in (1, 5, 20, 100, 500)]
    assert radii == sorted(radii, reverse=True)
    assert radii[0] == grid.MAX_DOT_RADIUS and radii[-1] >= grid.MIN_DOT_RADIUS


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=1000))
def test_any_count_packs_inside_the_cell_the_same_way_every_time(count):
    r, positions = grid.pack(count)
    assert len(positions) == count
    assert inside(r, positions)
    assert grid.pack(count) == (r, positions)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=grid.MAX_DOTS_PER_CELL))
def test_below_the_cap_no_two_dots_share_a_position(count):
    _r, positions = grid.pack(count)
    assert len(set(positions)) == count


def test_neighbouring_dots_do_not_overlap_below_the_cap():
    for count in (2, 3, 5, 8, 13, 40, grid.MAX_DOTS_PER_CELL):
        r, positions = grid.pack(count)
        closest = min(
            ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5
            for i, (ax, ay) in enumerate(positions)
            for bx, by in positions[i + 1 :]
        )
        assert closest >= 2 * r, count


def test_place_keeps_the_items_in_order():
    placed = grid.place(["ana", "ben", "cho"])
    assert [p.item for p in placed] == ["ana", "ben", "cho"]
    assert len({(p.x, p.y) for p in placed}) == 3


def test_high_influence_is_at_the_top_and_high_interest_on_the_right():
    top_right = grid.cell_box(5, 5)
    bottom_left = grid.cell_box(1, 1)
    assert top_right.y < bottom_left.y and top_right.x > bottom_left.x
    assert (top_right.x, top_right.y) == (grid.GRID_LEFT + 4 * grid.CELL, grid.GRID_TOP)


@pytest.mark.parametrize("influence, interest", [(1, 1), (5, 5), (3, 2), (2, 4)])
def test_a_point_in_a_cell_maps_back_to_its_ratings(influence, interest):
    box = grid.cell_box(influence, interest)
    assert grid.cell_at(box.x + 1, box.y + 1) == (influence, interest)
    assert grid.cell_at(box.cx, box.cy) == (influence, interest)


def test_points_outside_the_grid_have_no_cell():
    assert grid.cell_at(grid.GRID_LEFT - 1, grid.GRID_TOP + 10) is None
    assert grid.cell_at(grid.GRID_LEFT + 10, grid.GRID_TOP + grid.GRID_SIZE + 1) is None


def test_quadrant_lines_fall_between_ratings_2_and_3():
    boxes = grid.quadrant_boxes()
    split_x = grid.cell_box(3, 3).x
    split_y = grid.cell_box(2, 2).y
    assert boxes["key_players"].x == split_x and boxes["keep_informed"].x == split_x
    assert boxes["monitor"].y == split_y and boxes["keep_informed"].y == split_y
    assert boxes["key_players"].width == 3 * grid.CELL
    assert boxes["monitor"].width == boxes["monitor"].height == 2 * grid.CELL
    area = sum(b.width * b.height for b in boxes.values())
    assert area == grid.GRID_SIZE**2


def test_every_cell_is_listed_top_row_first():
    assert len(grid.CELLS) == 25
    assert grid.CELLS[0] == (5, 1) and grid.CELLS[-1] == (1, 5)
    assert grid.quadrant_key((3, 3)) == "key_players"
    assert grid.quadrant_key((2, 2)) == "monitor"


def test_grouped_counts_fold_into_cells():
    rows = [
        (4, 5, "supportive", 3),
        (4, 5, "neutral", 2),
        (1, 1, "unaware", 1),
        (0, 9, "neutral", 7),
        (2, 2, "neutral", 0),
    ]
    cells = grid.summarize(rows)
    assert set(cells) == {(4, 5), (1, 1)}
    assert cells[(4, 5)].count == 5
    assert cells[(4, 5)].by_level == {"supportive": 3, "neutral": 2}


def test_counts_replace_dots_above_the_total_threshold():
    counts = {(5, 5): 1500, (1, 1): 501, (3, 3): 0}
    assert grid.shows_counts_only(counts, max_dots=2000)
    assert grid.aggregated_cells(counts, max_dots=2000) == {(5, 5), (1, 1)}


def test_only_crowded_cells_show_counts_below_the_total_threshold():
    counts = {(5, 5): 151, (1, 1): 150, (2, 2): 3}
    assert not grid.shows_counts_only(counts)
    assert grid.aggregated_cells(counts) == {(5, 5)}
    assert grid.aggregated_cells(counts, max_per_cell=2) == {(5, 5), (1, 1), (2, 2)}


def test_at_the_threshold_the_map_still_shows_dots():
    assert not grid.shows_counts_only({(3, 3): grid.MAX_DOTS})
    assert grid.shows_counts_only({(3, 3): grid.MAX_DOTS + 1})


def test_count_bubbles_grow_with_the_count_and_fit_the_cell():
    small, big = grid.bubble_radius(10, 1000), grid.bubble_radius(1000, 1000)
    assert 0 < small < big <= grid.CELL / 2 - grid.CELL_PADDING
    assert grid.bubble_radius(0, 1000) == 0.0


def test_heat_levels_run_from_empty_to_fullest():
    assert grid.heat_level(0, 100) == 0
    assert grid.heat_level(1, 100) == 1
    assert grid.heat_level(100, 100) == grid.HEAT_LEVELS


def test_engagement_bar_segments_fill_the_width_in_order():
    segments = grid.level_segments({"supportive": 3, "unaware": 1}, ["unaware", "supportive"], 80)
    assert [s[0] for s in segments] == ["unaware", "supportive"]
    assert segments[0] == ("unaware", 0.0, 20.0) and segments[1] == ("supportive", 20.0, 60.0)
    assert grid.level_segments({}, ["unaware"], 80) == []


def test_tooltips_stay_inside_the_drawing():
    for x, y in ((grid.GRID_LEFT + 2, grid.GRID_TOP + 5), (grid.WIDTH - 5, grid.HEIGHT / 2)):
        tip = grid.tip_box(x, y, 5, 40)
        assert 0 <= tip.x and tip.x + tip.width <= grid.WIDTH
        assert 0 <= tip.y


def test_every_group_has_its_own_letter():
    letters = [grid.group_letter(value) for value, _ in GROUPS]
    assert len(set(letters)) == len(GROUPS)
    assert all(1 <= len(letter) <= 2 for letter in letters)
    assert grid.group_letter("unknown") == "?"
