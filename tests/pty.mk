# tests/pty.mk: (filled in by its area)
