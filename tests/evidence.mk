# tests/evidence.mk: (filled in by its area)
