"""The answer stage: compose cited answers from records, check their numbers, refuse honestly."""
