"""The search stage: records → chunks → BM25 postings and dense vectors (the index folder) →
hybrid retrieval of ranked hits."""
