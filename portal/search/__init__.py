"""Chinese full-text search: segmentation that Wagtail's database backend can
index, Simplified and Traditional folded together."""
