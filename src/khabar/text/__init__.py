"""Text layer: normalisation with offset maps, cleaning of boilerplate, segmentation."""
