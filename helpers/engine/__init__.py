"""Which engine a command runs on (pandas in this process, or Dask), the Dask client it runs on, and the seam of
whole-table operations with a pandas side and a Dask side (``seam.engine_for``).

``choice`` and ``seam`` import nothing heavy; ``cluster`` and ``on_dask`` import Dask and are imported only on the
Dask path, so the pandas path starts as fast as before.
"""
