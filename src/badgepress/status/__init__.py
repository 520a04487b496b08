"""W3C Bitstring Status List v1.0: the bit array and its ``encodedList`` encoding."""

from badgepress.status.bitstring import MIN_BITS, Bitstring, parse_index

__all__ = ["MIN_BITS", "Bitstring", "parse_index"]
