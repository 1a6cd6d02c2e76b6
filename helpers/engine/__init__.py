"""Which engine runs a command (pandas in this process, or Dask), and the Dask client it runs on.

``choice`` imports nothing heavy; ``cluster`` imports Dask and is imported only on the Dask path, so the
pandas path starts as fast as before.
"""
