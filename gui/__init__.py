"""DigitPad's Qt user interface. Imports model/, never the other way round."""
