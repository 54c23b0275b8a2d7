"""清单问答: cited answers over published responsibility lists (责任清单) of Chinese
quality-supervision and market-regulation bureaus.

Nothing heavy is imported here: models and indexes load on first use.
"""

__version__ = "0.1.0"
