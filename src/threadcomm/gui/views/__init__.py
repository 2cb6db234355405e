"""The views of a run, each observing the run model: results, log, queue, explanation, code."""
