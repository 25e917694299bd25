"""The wiring of live demos: a control change re-runs the drawing function with its value."""

import matplotlib.pyplot as plt
import pytest

from helpers import widgets


def test_live_calls_draw_now_and_on_every_change():
    calls = []

    def draw(a, b):
        calls.append((a, b))
        fig, ax = plt.subplots()
        ax.plot([0, 1], [a, b])
        return fig

    a = widgets.slider(0.5, 0.0, 1.0, 0.1, "a")
    b = widgets.int_slider(2, 0, 5, "b")
    panel = widgets.live(draw, {"a": a, "b": b})
    assert calls == [(0.5, 2)]
    a.value = 0.7
    b.value = 4
    assert calls[-2:] == [(0.7, 2), (0.7, 4)]
    assert len(panel.children) == 2  # one row of two controls, then the output
    assert panel.png.startswith(b"\x89PNG")
    assert plt.get_fignums() == []  # each figure is rendered once, then closed


def test_each_change_shows_a_new_picture():
    def draw(a):
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, a])
        ax.set_ylim(0, 1)
        return fig

    a = widgets.slider(0.2, 0.0, 1.0, 0.1, "a")
    panel = widgets.live(draw, {"a": a})
    first = panel.png
    a.value = 0.9
    assert panel.png != first and panel.png.startswith(b"\x89PNG")


def test_log_slider_and_dropdown():
    s = widgets.slider(1e-2, -4, 0, 0.25, "lr", log=True)
    assert s.value == pytest.approx(1e-2) and s.base == 10 and not s.continuous_update
    d = widgets.dropdown({"Adam": "adam", "SGD": "sgd"}, "sgd", "optimizer")
    assert d.value == "sgd"


def test_live_needs_a_function():
    with pytest.raises(TypeError, match="draw must be a function"):
        widgets.live(42, {})


def test_a_demo_leaves_the_garbage_collector_alone():
    """No process-wide side effects: building a panel and moving its slider neither freezes
    objects away from the collector nor changes its settings (the old ``gc.freeze()`` in
    ``live()`` kept every object alive at each call, for good)."""
    import gc

    frozen, thresholds, enabled = gc.get_freeze_count(), gc.get_threshold(), gc.isenabled()
    a = widgets.slider(0.5, 0.0, 1.0, 0.1, "a")
    widgets.live(lambda a: plt.figure(), {"a": a})
    a.value = 0.7
    assert gc.get_freeze_count() == frozen
    assert (gc.get_threshold(), gc.isenabled()) == (thresholds, enabled)


def test_building_a_panel_collects_the_garbage_so_that_a_move_need_not():
    """The full collection happens while the cell runs: garbage in reference cycles made before
    the panel (here one cycle) is gone once the panel is built."""
    import gc
    import weakref

    class Node:
        pass

    node = Node()
    node.me = node  # a reference cycle: only the cyclic garbage collector can free it
    alive = weakref.ref(node)
    gc.disable()  # no automatic collection may do the work instead of live()
    try:
        del node
        assert alive() is not None
        widgets.live(lambda a: plt.figure(), {"a": widgets.slider(0.5, 0.0, 1.0, 0.1, "a")})
        assert alive() is None
    finally:
        gc.enable()


def test_a_move_that_raises_shows_one_line_instead_of_a_traceback_and_the_next_draws_again():
    import ipywidgets as w
    from ipywidgets.widgets import widget as widget_module

    def draw(a):
        if a > 0.5:
            raise ValueError(f"a must be at most 0.5, got {a:g}")
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, a])
        return fig

    a = widgets.slider(0.2, 0.0, 1.0, 0.1, "a")
    panel = widgets.live(draw, {"a": a})
    out = panel.children[-1]
    first = panel.png
    a.value = 0.9  # no exception reaches the caller (ipywidgets' observer)
    assert panel.error == "ValueError: a must be at most 0.5, got 0.9"
    assert out.outputs == ({"output_type": "stream", "name": "stderr", "text": panel.error + "\n"},)
    assert plt.get_fignums() == []
    a.value = 0.4
    assert panel.error == "" and panel.png != first
    (shown,) = out.outputs  # the picture again: one view of an Image widget holding the PNG
    assert shown["output_type"] == "display_data"
    model = shown["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
    # ipywidgets' own table of live widgets by id: _instances from 8.1 on, _active_widgets in
    # 8.0 (make floors installs 8.0.2)
    registry = getattr(widget_module, "_instances", None) or w.Widget._active_widgets
    image = registry[model]  # the widget of that id
    assert isinstance(image, w.Image) and image.value == panel.png


def test_the_instructors_deck_calls_every_demo_the_notebooks_show_in_the_presentation_style():
    """demos/deck.ipynb (``make demos``): each ``*_demo()`` of the six notebooks once, each
    under a "Try:" line, after a setup cell that switches the presentation style on."""
    import re
    from pathlib import Path

    import nbformat

    root = Path(__file__).resolve().parents[1]
    shown = sorted(
        call
        for path in (root / "notebooks").glob("[0-9]*.ipynb")
        for cell in nbformat.read(path, as_version=4).cells
        if cell.cell_type == "code"
        for call in re.findall(r"\b(\w+_demo)\(\)", cell.source)
    )
    deck = nbformat.read(root / "demos" / "deck.ipynb", as_version=4).cells
    code = [c.source for c in deck if c.cell_type == "code"]
    assert "use_style(presentation=True)" in code[0]
    assert sorted(re.findall(r"\b(\w+_demo)\(\)", "\n".join(code))) == shown
    for k, cell in enumerate(deck):
        if cell.cell_type == "code" and "_demo()" in cell.source:
            assert "**Try:**" in deck[k - 1].source
