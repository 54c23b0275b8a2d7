"""Evaluation: gold questions, metrics (pure functions), the runner and its report."""
