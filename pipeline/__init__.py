"""The stages put together: a file in, a stored (or refused) report out."""
