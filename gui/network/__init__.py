"""The Network tab: the layers' outputs and the look-alikes of a drawing."""
