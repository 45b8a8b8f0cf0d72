"""The My digits tab: the saved digits and learning from them."""
