"""Readers and writers, one module per format. Plain records in and out: no database."""
