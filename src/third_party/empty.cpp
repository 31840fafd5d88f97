// Stands in for a library folder that has no source yet, so the build configures.
