"""Customer-personality segmentation: the code behind the stage notebooks.

- ``data``: the customer table in, from any layout: validated, assessed, cleaned, featured; synthetic customers.
- ``segmentation``: the scikit-learn pipeline, the choice of k, personas, the saved model and scoring.
- ``campaign``: what to do with each persona and what contacting it earns.
- ``story``: what a reader sees: sentences from computed values, numbers, phrases, figures; input text made inert.
- ``report``: a run's folder and hand-over files, the papermill runner, the HTML pages and what they may contain,
  ``check``.
- ``config`` (every default and path), ``errors``, ``files`` and ``cli`` (``python -m helpers``).
"""

__version__ = "0.3.0"
