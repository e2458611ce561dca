"""Number formats where Django's own leave amounts ungrouped (FORMAT_MODULE_PATH; only what differs is set here,
the rest comes from Django's locale files). Amounts in the money tables run to hundreds of millions."""
