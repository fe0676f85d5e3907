"""The assessed review: built once per job from the inputs, read by every page, notebook and the Word report."""
