"""badgepress: publish verifiable Open Badges 3.0 credentials as a static website."""

__version__ = "0.1.0.dev0"
