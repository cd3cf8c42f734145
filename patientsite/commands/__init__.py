"""What a user runs: build (and check), serve, new."""
