"""The corpus stage: the manifest of lists, the typed records, and the parsers that read the
list files into records (`load_corpus`)."""
