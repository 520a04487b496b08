"""Ed25519 keys, Multikey encoding and the eddsa-rdfc-2022 proof."""
