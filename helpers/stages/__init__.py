"""What each stage does: the order of its steps and what it hands over.

One module per stage notebook (``preparation``, ``exploration``, ``modeling``). Each function is one
step of its stage, in the notebook's order, and returns keys, numbers and tables; the notebook shows
them through ``helpers.story`` and writes the hand-over files through ``helpers.report.handover``.
The whole-table work of a stage happens here, so that another engine can later go behind these
functions without the notebooks changing.

The layers are data < segmentation < campaign < stages < story < report < cli: a stage module
never imports ``helpers.story`` (words) nor ``helpers.report`` (files and pages).
"""
