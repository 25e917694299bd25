"""Sphinx configuration of the course website (``make site``).

``tools/website.py`` prepares the pages in ``build/site-src`` (this folder's ``index.md`` and
copies of the notebooks with their stored outputs) and runs Sphinx with this configuration.
Everything a page loads is served from the site itself: MathJax from the
``sphinx-mathjax-offline`` package, the theme's own fonts and icons, no web fonts.
"""

project = "Training Neural Networks"
author = "the course's authors"
copyright = ""  # no copyright line in the footer
language = "en"

extensions = [
    "myst_nb",  # notebooks and MyST Markdown pages
    "sphinx.ext.mathjax",
    "sphinx-mathjax-offline",  # MathJax 3 copied into _static/mathjax, mathjax_path set to it
]

# ---- notebooks: shown as stored, never executed
nb_execution_mode = "off"
nb_ipywidgets_js = {}  # no widget JavaScript (it would come from a CDN); demos are still frames
nb_merge_streams = True  # consecutive prints in one cell are one output block
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3
myst_dmath_double_inline = True  # $$…$$ inside a paragraph, as Jupyter renders it

# ---- HTML
html_theme = "sphinx_book_theme"
html_title = "Training Neural Networks"
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_js_files = ["course.js"]  # search from files (file://) without snippets
html_show_sourcelink = False
html_copy_source = False
html_show_sphinx = False
html_last_updated_fmt = None  # no build date: the same sources give the same site
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "use_download_button": False,  # it would offer the page's prepared copy, not the notebook
    "use_fullscreen_button": False,
    "navigation_with_keys": False,
    "navbar_persistent": [],  # one search field (the sidebar's), no second one in a top bar
    "extra_footer": (
        "A notebook course following Milan Straka's lecture <em>Training Neural Networks</em> "
        "(NPFL114 Deep Learning, lecture 2, Charles University). Pages show the notebooks' "
        "stored outputs; run them with <code>make lab</code>."
    ),
}
html_context = {"default_mode": "light"}  # the same page on every reader's screen and projector
exclude_patterns = ["**.ipynb_checkpoints"]
