"""Cable Reader: read, search and cite the Cablegate cables offline."""

__version__ = "0.2.0"
