"""Training scripts; they need the ``train`` extra (scikit-learn), the pipeline never does."""
