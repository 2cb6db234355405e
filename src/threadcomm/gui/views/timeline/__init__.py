"""The timeline: one swimlane per thread, its store, painter, canvas and legend."""
