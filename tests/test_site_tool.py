"""tools/website.py, the preparation of the course website (``make site``), without Sphinx.

The browser check of the built site is tests/e2e/test_site.py (``make site-check``).
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import ipywidgets as w
import matplotlib
import nbformat
import pytest
import website
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from PIL import Image

matplotlib.use("Agg")

REPO = Path(__file__).resolve().parents[1]
SETUP = (
    "import numpy as np\n\n"
    "from helpers import plotting\n"
    "from helpers.check import mle as check\n"
    "from helpers.widgets import mle as demos\n"
)
WIDGET_OUTPUT = new_output(
    "execute_result",
    {
        "application/vnd.jupyter.widget-view+json": {"model_id": "0d14", "version_major": 2},
        "text/plain": "Demo(children=(...))",
    },
    execution_count=3,
)
VERDICT = new_output(
    "execute_result",
    {"text/html": "<div>✏️ <b>Bernoulli NLL</b>: not answered yet</div>", "text/plain": "✏️ …"},
    execution_count=4,
)


def executed(*cells) -> nbformat.NotebookNode:
    """A notebook whose code cells are numbered 1, 2, … as after a run."""
    nb = new_notebook(cells=[new_markdown_cell("# 09 · Test\n\nIntro."), *cells])
    count = 0
    for cell in nb.cells:
        if cell.cell_type == "code":
            count += 1
            cell.execution_count = count
    return nb


def course_notebook() -> nbformat.NotebookNode:
    return executed(
        new_code_cell(SETUP),
        new_code_cell("print(2 + 2)", outputs=[new_output("stream", name="stdout", text="4\n")]),
        new_code_cell(
            "# NBVAL_IGNORE_OUTPUT\n# widget output cannot be compared\ndemos.likelihood_demo()",
            outputs=[WIDGET_OUTPUT],
        ),
        new_code_cell(
            "def bernoulli_nll(theta, x): ...\n\n\ncheck.bernoulli_nll(bernoulli_nll)",
            outputs=[VERDICT],
        ),
        new_code_cell(
            'if check.bernoulli_nll(bernoulli_nll):\n    print("done")\nelse:\n    print("later")',
            outputs=[new_output("stream", name="stdout", text="later\n")],
        ),
    )


# --------------------------------------------------------------------------------------------
# Bad input: a notebook without outputs stops the build


def test_a_notebook_without_outputs_stops_the_build_and_names_it(tmp_path: Path) -> None:
    nb = course_notebook()
    for cell in nb.cells:  # Jupyter's "Clear All Outputs"
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    path = tmp_path / "09_test.ipynb"
    nbformat.write(nb, path)
    out = tmp_path / "site"
    out.mkdir()  # an old site must not survive a failed build
    with pytest.raises(website.SiteError) as err:
        website.build(out, [path])
    message = str(err.value)
    assert "09_test.ipynb" in message and "make execute" in message
    assert "cells 1, 2, 3, 4, 5 were never executed" in message
    assert not out.exists()


def test_one_unexecuted_cell_is_enough_to_stop() -> None:
    nb = course_notebook()
    nb.cells[2].execution_count = None
    with pytest.raises(website.SiteError, match=r"cells 2 were never executed"):
        website.require_outputs(nb, "notebooks/09_test.ipynb")


def test_executed_counts_without_any_output_also_stop() -> None:
    nb = course_notebook()
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    with pytest.raises(website.SiteError, match="no outputs at all"):
        website.require_outputs(nb, "notebooks/09_test.ipynb")


def test_an_executed_notebook_passes() -> None:
    website.require_outputs(course_notebook(), "notebooks/09_test.ipynb")


def test_every_committed_notebook_has_its_outputs() -> None:
    paths = sorted((REPO / "notebooks").glob("[0-9]*.ipynb"))
    assert len(paths) == 6
    for path in paths:
        website.require_outputs(nbformat.read(path, as_version=4), path.name)


# --------------------------------------------------------------------------------------------
# Reading the cells


def test_helper_aliases_follow_every_import_form() -> None:
    nb = executed(
        new_code_cell(
            "import numpy as np\n"
            "from helpers import plotting\n"
            "from helpers.widgets import sgd as demos\n"
            "from helpers.widgets.mle import likelihood_demo\n"
            "import helpers.check.sgd as check\n"
            "from helpers.check import mle as check_mle"
        )
    )
    assert website.helper_aliases(nb) == {
        "plotting": "helpers.plotting",
        "demos": "helpers.widgets.sgd",
        "likelihood_demo": "helpers.widgets.mle.likelihood_demo",
        "check": "helpers.check.sgd",
        "check_mle": "helpers.check.mle",
    }


ALIASES = {"demos": "helpers.widgets.sgd", "check": "helpers.check.sgd", "np": "numpy"}


@pytest.mark.parametrize(
    "source, expected",
    [
        ("demos.sgd_demo()", ("helpers.widgets.sgd.sgd_demo", [], {})),
        (
            "# a comment\ndemos.sgd_demo(3, rate=0.5)",
            ("helpers.widgets.sgd.sgd_demo", [3], {"rate": 0.5}),
        ),
        ("panel = demos.sgd_demo()", None),  # shown only if the cell ends with it
        ("demos.sgd_demo()\nprint(1)", None),
        ("check.tilted_bowl_rate(0.1)", None),
        ("np.zeros(3)", None),
        ("this is not python", None),
        ("", None),
    ],
)
def test_demo_call(source: str, expected) -> None:
    assert website.demo_call(source, ALIASES) == expected


def test_a_demo_with_a_computed_argument_cannot_be_drawn() -> None:
    with pytest.raises(website.SiteError, match="not a literal"):
        website.demo_call("demos.sgd_demo(rate=np.pi)", ALIASES)


def test_final_call_finds_the_check_whose_verdict_the_cell_shows() -> None:
    assert website.final_call("x = ...\ncheck.tilted_bowl_rate(x)", ALIASES, "helpers.check")
    assert not website.final_call("if check.f(x):\n    print(1)", ALIASES, "helpers.check")
    assert not website.final_call("demos.sgd_demo()", ALIASES, "helpers.check")


def test_nbval_markers_and_their_reasons_are_left_out() -> None:
    source = (
        "# NBVAL_IGNORE_OUTPUT\n# timings differ between runs\nimport time\n"
        "# a comment the reader should see\nx = 1  # and this one"
    )
    assert website.without_nbval_markers(source) == (
        "import time\n# a comment the reader should see\nx = 1  # and this one"
    )
    assert website.without_nbval_markers("# NBVAL_SKIP\nx = 1") == "x = 1"
    assert (
        website.without_nbval_markers("x = 1\n# NBVAL is a word here")
        == "x = 1\n# NBVAL is a word here"
    )


GUARD = """\
try:  # the course's own `helpers`, not a namesake
    from helpers import __course__  # noqa: F401
except ImportError as error:
    fix = "Install the course's helpers"
    error._render_traceback_ = lambda: [fix]
    raise

"""


def test_the_setup_guard_is_left_out_of_the_shown_code() -> None:
    assert website.without_setup_guard(GUARD + SETUP) == SETUP
    assert website.without_setup_guard(SETUP) == SETUP
    other = "try:\n    import numpy\nexcept ImportError:\n    raise\n\nx = 1"
    assert website.without_setup_guard(other) == other  # not the course's guard: kept


# --------------------------------------------------------------------------------------------
# The live demos' first pictures


def test_a_control_is_described_by_its_value_and_range() -> None:
    log = w.FloatLogSlider(value=0.1, base=10, min=-3, max=0.5, description="learning rate α")
    assert website.describe(log) == "<b>learning rate α</b>: 0.1 (from 0.001 to 3.16)"
    ints = w.IntSlider(value=10, min=1, max=200, description="flips N")
    assert website.describe(ints) == "<b>flips N</b>: 10 (from 1 to 200)"
    choice = w.Dropdown(options={"σ (sigmoid)": "sigmoid", "tanh": "tanh"}, value="tanh")
    choice.description = "activation"
    assert website.describe(choice) == "<b>activation</b>: tanh (or σ (sigmoid))"
    assert website.describe(w.FloatSlider(description="<x>")).startswith("<b>&lt;x&gt;</b>")


def test_the_still_frame_is_the_demo_s_first_picture() -> None:
    """The likelihood demo starts at N = 10 flips and θ = 0.7 (its sliders' initial values):
    its first picture is what its draw function renders for those values."""
    from helpers import plotting, widgets
    from helpers.widgets import mle

    png, controls = website.still_frame("helpers.widgets.mle.likelihood_demo", [], {})
    plotting.use_style()
    assert png == widgets.render(mle.draw_likelihood(n=10, theta=0.7))
    assert controls == [
        "<b>flips N</b>: 10 (from 1 to 200)",
        "<b>true θ</b>: 0.7 (from 0.05 to 0.95)",
    ]


# --------------------------------------------------------------------------------------------
# A whole page


def test_prepare_turns_widgets_and_verdicts_into_what_a_page_can_show() -> None:
    original = course_notebook()
    before = nbformat.writes(original)
    page, counts = website.prepare(original, "09_test")
    assert nbformat.writes(original) == before  # the committed notebook is never changed
    assert counts == {"demos": 1, "exercises": 1}

    box = page.cells[1]
    assert box.cell_type == "markdown" and website.SLIDES_URL in box.source
    assert "`09_test.ipynb`" in box.source and "make lab" in box.source
    code = [c for c in page.cells if c.cell_type == "code"]
    assert code[1].outputs == original.cells[2].outputs  # ordinary outputs stay as stored

    demo = code[2]
    assert demo.source == "demos.likelihood_demo()"
    note, picture = demo.outputs
    assert "Live demo" in note.data["text/html"] and "make lab" in note.data["text/html"]
    assert re.search(r"flips N</b>: 10", note.data["text/html"])
    with Image.open(io.BytesIO(base64.b64decode(picture.data["image/png"]))) as image:
        assert image.width > 300 and image.height > 200

    (exercise,) = code[3].outputs
    assert "verdict appears here" in exercise.data["text/html"]
    assert "not answered yet" not in exercise.data["text/html"]
    assert code[4].outputs == original.cells[5].outputs  # a check inside code keeps its output
    nbformat.validate(page)


def test_a_widget_that_is_not_a_helpers_demo_stops_the_build() -> None:
    nb = course_notebook()
    nb.cells[3].source = "import ipywidgets\nipywidgets.IntSlider()"
    with pytest.raises(website.SiteError, match="cell 3 shows a widget"):
        website.prepare(nb, "09_test")


# --------------------------------------------------------------------------------------------
# The finished site: nothing loaded from another host


@pytest.mark.parametrize(
    "text, loads",
    [
        ('<script src="https://cdn.example.org/mathjax.js"></script>', True),
        ("<script defer src='//cdn.example.org/x.js'></script>", True),
        ('<link rel="stylesheet" href="https://fonts.example.org/css">', True),
        ('<img alt="" src="http://example.org/a.png">', True),
        ("@font-face { src: url(https://fonts.example.org/a.woff2) }", True),
        ('@import "https://example.org/theme.css";', True),
        ('<a href="https://ufal.mff.cuni.cz/courses/npfl114/2122-summer">course</a>', False),
        ('<script src="_static/mathjax/tex-chtml.js"></script>', False),
        ('<link rel="stylesheet" href="../_static/course.css">', False),
        ("@font-face { src: url(../webfonts/fa-solid-900.woff2) }", False),
    ],
)
def test_external_resources(tmp_path: Path, text: str, loads: bool) -> None:
    (tmp_path / "page.html").write_text(f"<html><body>{text}</body></html>")
    (tmp_path / "style.css").write_text("body { color: black }")
    assert website.external_resources(tmp_path) == (["page.html"] if loads else [])


# --------------------------------------------------------------------------------------------
# The site's lock


def pins(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            name, _, version = line.split(";")[0].strip().partition("==")
            found.setdefault(name.lower().replace("_", "-"), []).append(version)
    return found


def test_the_site_lock_pins_its_tools_and_only_what_the_course_lock_does_not() -> None:
    site, course = pins(REPO / "requirements-site.lock"), pins(REPO / "requirements.lock")
    for tool in ("sphinx", "myst-nb", "sphinx-book-theme", "sphinx-mathjax-offline"):
        assert tool in site, tool
    assert all(v and all(re.fullmatch(r"[0-9][0-9A-Za-z.]*", x) for x in v) for v in site.values())
    assert sorted(set(site) & set(course)) == []
    assert "scikit-learn" not in site and "scipy" not in site
