"""Storage: the database schema and its migrations, and the functions over an Engine by subject."""
