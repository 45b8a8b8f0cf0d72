"""Learning: the data (MNIST, real pen digits, generated forms and non-digits), the networks,
training and learning from corrections."""
