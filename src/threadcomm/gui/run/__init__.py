"""The run as the GUI thread sees it: the bridge from worker threads, the controller, the model."""
