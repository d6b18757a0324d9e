"""Reform news: section indexes and articles, their feeds, and the site search."""
