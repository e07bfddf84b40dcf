"""Storage: the database schema, its migrations, and the repository functions over an Engine."""
