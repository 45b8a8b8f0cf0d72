"""The Train tab: settings, the run's progress and curves, the result views, the model history."""
