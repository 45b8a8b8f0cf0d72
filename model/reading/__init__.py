"""Reading a drawing: preprocessing, segmentation, the fast predictor and the model's judgement of
it."""
