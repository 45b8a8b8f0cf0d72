"""The Draw tab: the canvas, the prediction panel, corrections and explanations."""
