"""Cable Reader: read, search and cite the Cablegate cables offline."""

__version__ = "0.1.0"
