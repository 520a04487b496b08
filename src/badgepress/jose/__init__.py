"""Credentials secured as a compact JWS (VC-JWT, OB 3.0 §8.2; VC-JOSE-COSE ``vc+jwt``): the
header's algorithm and key, the signature, and the JWT claims against the credential.

Reading the token itself is the input loader's job (``model.document.load_credential``).
"""
