"""feedback models, one module per area; import them from here."""
