"""The report: a run's folder and hand-over files, the papermill runner, HTML pages, the landing page, `check`."""
