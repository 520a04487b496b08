"""DIDs: did:web from a site URL, DID documents, did:key, and offline resolution."""
