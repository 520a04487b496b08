"""Credentials, achievements and the issuer profile, parsed, with their raw form kept."""
