"""How the window looks: colours, palettes, presentation mode (zoom, contrast), focus ring."""
