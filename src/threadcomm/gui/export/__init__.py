"""The File menu's exports: the writers, and the menu that runs them off the GUI thread."""
