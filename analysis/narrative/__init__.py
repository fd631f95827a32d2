"""Every sentence built from numbers."""
