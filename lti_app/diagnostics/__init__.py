"""The diagnostic page for administrators: keys, clocks, proxy, cookies, refusals."""
