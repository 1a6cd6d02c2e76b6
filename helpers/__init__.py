"""Customer-personality segmentation: the code behind the stage notebooks.

Each module does one job; the notebooks in ``notebooks/`` call them in order.
"""

__version__ = "0.1.0"
