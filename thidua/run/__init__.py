"""Running: loading a review, executing the notebooks, kernels, output folders and batches."""
