"""``flask check-deploy``: each production requirement, passed or with its fix."""
