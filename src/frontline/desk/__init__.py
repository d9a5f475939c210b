"""The agent desk and supervisor home: composes panels from every context; nothing depends on it."""
