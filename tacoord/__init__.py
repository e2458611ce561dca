"""tacoord: coordination of technical assistance under the Organized Crime Convention (decision 4/3)."""
