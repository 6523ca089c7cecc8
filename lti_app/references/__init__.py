"""The course bibliography: stored references, reading lists, imports and exports."""
