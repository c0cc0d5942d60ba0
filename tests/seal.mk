# tests/seal.mk: (filled in by its area)
