"""Taking work out of the app: tables, texts and citations, as pure string work."""
