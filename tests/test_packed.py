"""helpers.Packed: a tuple of arrays that are consecutive views into one flat array."""

import numpy as np
import pytest

from helpers import Packed

SHAPES = [(2, 3), (3,), (), (4, 1)]


def test_the_arrays_are_consecutive_views_of_flat():
    p = Packed.zeros(SHAPES)
    assert isinstance(p, tuple) and len(p) == 4
    assert p.shapes == ((2, 3), (3,), (), (4, 1))
    assert [a.shape for a in p] == SHAPES
    assert p.flat.shape == (6 + 3 + 1 + 4,) and not p.flat.any()
    p.flat[:] = np.arange(14.0)
    # written by hand: the arrays take 6, 3, 1 and 4 numbers in turn
    np.testing.assert_array_equal(p[0], [[0, 1, 2], [3, 4, 5]])
    np.testing.assert_array_equal(p[1], [6, 7, 8])
    assert p[2] == 9.0
    np.testing.assert_array_equal(p[3], [[10], [11], [12], [13]])
    p[1][...] = -1.0  # and back: writing into an array writes into flat
    np.testing.assert_array_equal(p.flat[6:9], [-1, -1, -1])


def test_empty_like_has_the_same_layout_and_its_own_memory():
    p = Packed.zeros(SHAPES, dtype=np.float32)
    q = p.empty_like()
    assert isinstance(q, Packed) and q.shapes == p.shapes and q.flat.dtype == np.float32
    assert not np.shares_memory(p.flat, q.flat)
    q.flat[:] = np.arange(14.0)
    np.testing.assert_array_equal(q[3].ravel(), [10, 11, 12, 13])
    assert not p.flat.any()


def test_packed_wraps_a_given_flat_array():
    flat = np.arange(5.0)
    p = Packed(flat, [(2,), (3,)])
    assert p.flat is flat
    np.testing.assert_array_equal(p[1], [2, 3, 4])


def test_a_packed_tuple_cannot_swap_its_arrays():
    p = Packed.zeros(SHAPES)
    with pytest.raises(TypeError):
        p[0] = np.ones((2, 3))
    head = p[0:2]
    assert type(head) is tuple and head[1] is p[1]  # a slice is a plain tuple of the same views


@pytest.mark.parametrize(
    ("flat", "match"),
    [
        (np.zeros((2, 7)), "contiguous 1-D"),
        (np.zeros(28)[::2], "contiguous 1-D"),
        ([0.0] * 14, "contiguous 1-D"),
        (np.zeros(13), r"flat has 13 numbers, but arrays of shapes .* need 14"),
    ],
)
def test_bad_flat_arrays_are_named(flat, match):
    with pytest.raises(ValueError, match=match):
        Packed(flat, SHAPES)
