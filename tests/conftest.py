"""The suite's plugins; everything shared lives in the support package (tests/support/)."""

# The test kit users get (cloudcontracts.testing): cassette scrubbing, matching and environment, and the
# sandbox's fixtures; then the suite's own shared fixtures (sandbox_server, sb, run).
pytest_plugins = ["cloudcontracts.testing", "support.fixtures"]
