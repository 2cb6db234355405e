"""The Qt-free core: parse the data list, run the threads, report every step to a sink."""
