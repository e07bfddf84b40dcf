"""Domain basics shared by every stage: text keys, quarters, catalogs, settings."""
