"""The assessed review: a plan, its figures, the assessment, the interim review and the ranking, built once per job."""
