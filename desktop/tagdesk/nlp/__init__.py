"""spaCy: tokenizing, model resolution and pre-annotation. spaCy is imported inside functions."""
