"""The window side of the research workflow: stars, notes, collections, export."""
