"""The data layer: loaders, the data description, engines, privacy and the sample data."""
