"""Segmentation: the scikit-learn pipeline, the choice of k, personas, and the saved model that scores new customers."""
