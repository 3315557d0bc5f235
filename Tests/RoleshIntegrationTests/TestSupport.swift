// Helpers shared by the integration tests, which run the built binary.
