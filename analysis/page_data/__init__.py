"""What one dashboard page shows, gathered in one call: the page caches it and hands it to figure builders."""
