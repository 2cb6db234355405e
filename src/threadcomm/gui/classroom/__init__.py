"""The classroom column: predict-then-run, you-are-the-scheduler, scenario modes, evidence."""
