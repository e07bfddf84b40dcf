"""Workbook → validated report: the contract, reading, normalising, validating."""
