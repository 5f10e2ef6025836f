"""Plain-Python domain logic: no Qt, no database, no spaCy."""
