"""Plans and legal documents with their appendix rows, and the reform indices page."""
