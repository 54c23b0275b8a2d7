"""Parsing the responsibility lists into typed, line-cited records.

Stages, one module each: source (read and validate a file) → sections (top-level headings) →
celltable (the two table encodings) → duty / boundary / services / regimes / accountability
(one record type each) → penalties (penalty sentences found in the records) → corpus (all files).
"""
