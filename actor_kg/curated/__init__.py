"""Reading the curated data folder: YAML records, fact tables, and the checks that turn them into a Dataset."""
