"""Course modules: Markdown pages written by staff, cited, versioned, read by students."""
