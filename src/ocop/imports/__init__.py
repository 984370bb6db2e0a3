"""Excel import and export of the registry (producers and products)."""
