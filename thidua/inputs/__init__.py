"""Inputs: the plan, the figures and everything else a review reads, parsed and validated."""
